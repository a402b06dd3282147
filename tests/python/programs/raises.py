# An exception escapes the generator and then the program.
def failing():
    yield 1
    raise KeyError("missing")


for value in failing():
    print("value", value)
