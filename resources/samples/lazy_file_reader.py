# lazy_file_reader: a generator that reads a real text file line by line.
# The sample first writes its input file, then reads it lazily: each next()
# reads exactly one line with readline(), so only one line is held.

import asyncio
import os
import tempfile

POEM = ["Tyger Tyger, burning bright,", "In the forests of the night;",
        "What immortal hand or eye,", "Could frame thy fearful symmetry?"]


def read_lines(path):
    with open(path, encoding="utf-8") as file:
        print("opened", os.path.basename(path))
        while line := file.readline():
            line = line.strip()  # one line, no more
            print("read a line of", len(line), "characters")
            yield line  # parked here until the consumer asks for the next line
        print("end of file, closing it")


async def main():
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "tyger.txt")
        with open(path, "w", encoding="utf-8") as out:
            for line in POEM:
                out.write(line + "\n")
        print("wrote", len(POEM), "lines to", os.path.basename(path))

        number = 0
        for line in read_lines(path):  # each step of the loop is one next()
            number += 1
            print(number, line.upper())


asyncio.run(main())
