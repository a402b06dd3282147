# hand_written_iterator: the lazy file reader written by hand, as an iterator
# object with an explicit state instead of a generator. __next__ does by hand
# what a generator's frame does for you: remember where it was.

import asyncio
import os
import tempfile


class LineReader:
    def __init__(self, path):
        self.path = path
        self.file = None
        self.state = "start"

    def __iter__(self):
        return self

    def __next__(self):
        if self.state == "start":
            self.file = open(self.path, encoding="utf-8")
            print("opened", os.path.basename(self.path))
            self.move_to("reading", "start -> reading")
        if self.state == "reading":
            line = self.file.readline()
            if line:
                return line.strip()  # the state stays "reading": the file position is the rest of it
            self.file.close()
            self.move_to("done", "reading -> done")
        raise StopIteration

    def move_to(self, state, change):
        print("state", change)
        self.state = state


async def main():
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "haiku.txt")
        with open(path, "w", encoding="utf-8") as out:
            out.write("an old silent pond\na frog jumps into the pond\nsplash! silence again\n")

        reader = LineReader(path)  # iter(reader) is the reader itself
        for line in reader:
            print("got:", line)
        print("StopIteration")


asyncio.run(main())
