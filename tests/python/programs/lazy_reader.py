# A class whose __iter__ is a generator: lines are read one at a time, on demand.
import io


class LazyReader:
    def __init__(self, text):
        self.file = io.StringIO(text)

    def __iter__(self):
        for line in self.file:
            yield line.rstrip("\n")


for line in LazyReader("alpha\nbeta\n"):
    print("read", line)
