"""A line store: byte strings written once as the lines of a file, read back memory-mapped by number.

Takes an iterable of byte strings (no newline inside any of them); gives a file
``NAME.txt`` of those lines and ``NAME.idx``, the byte offset where each line
starts (int64) followed by the file's end. Reading maps the text, so a process
touches only the pages it looks at and copies nothing. Two stores use it: the
normalized corpus (``corpus``) and jieba's sorted dictionary (``analysis.Lexicon``).
It imports nothing of govsearch.
"""

import array
import mmap
import os
from bisect import bisect_right
from pathlib import Path


def write(folder, name, lines):
    """Write ``lines`` as the store ``name`` in ``folder``; return how many were written."""
    offsets = array.array("q")
    position = 0
    with open(Path(folder) / f"{name}.txt", "wb") as out:
        for line in lines:
            offsets.append(position)
            out.write(line + b"\n")
            position += len(line) + 1
    offsets.append(position)
    with open(Path(folder) / f"{name}.idx", "wb") as out:
        offsets.tofile(out)
    return len(offsets) - 1


def files(name):
    """The file names of the store ``name``."""
    return (f"{name}.txt", f"{name}.idx")


class LineStore:
    """The store ``name`` in ``folder``, opened for reading."""

    def __init__(self, folder, name):
        with open(Path(folder) / f"{name}.txt", "rb") as f:
            size = os.fstat(f.fileno()).st_size
            self.data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        self.offsets = array.array("q")
        self.offsets.frombytes((Path(folder) / f"{name}.idx").read_bytes())

    def __len__(self):
        return len(self.offsets) - 1

    def __getitem__(self, number):
        """Line ``number``, without its newline."""
        return self.data[self.offsets[number]:self.offsets[number + 1] - 1]

    def starts_with(self, number, prefix):
        """True when line ``number`` starts with the bytes ``prefix`` (without copying the line)."""
        start = self.offsets[number]
        return self.data[start:start + len(prefix)] == prefix

    def lines_containing(self, pattern):
        """Numbers of the lines that contain the bytes ``pattern`` (which holds no newline)."""
        found = set()
        if not pattern:
            return found
        data, offsets = self.data, self.offsets
        position = data.find(pattern)
        while position != -1:
            line = bisect_right(offsets, position) - 1
            found.add(line)
            position = data.find(pattern, offsets[line + 1])
        return found
