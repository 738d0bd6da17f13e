#!/usr/bin/env python3
"""Lists the panic sites left in the harness built with feature `panic-audit`.

That build's panic handler reads the panic's location, so the optimizer keeps
a `core::panic::Location` (file: &str, line: u32, column: u32) for every
panic that is still reachable, and no other. This finds them: each 24-byte
record whose pointer and length name a loaded string ending in `.rs`, with a
plausible line and column. Prints `file:line:column`, one a line, sorted.

Usage: panic-sites.py BINARY
"""
import struct
import sys


def main(path):
    data = open(path, "rb").read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit(f"{path}: not a 64-bit little-endian ELF file")
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    loads = []  # (file offset, virtual address, file size) of each PT_LOAD
    for i in range(phnum):
        p_type, _flags, off, vaddr, _paddr, filesz = struct.unpack_from(
            "<IIQQQQ", data, phoff + phentsize * i)
        if p_type == 1:
            loads.append((off, vaddr, filesz))
    sites = set()
    for at in range(0, len(data) - 24 + 1, 8):
        ptr, length, line, column = struct.unpack_from("<QQII", data, at)
        if not (3 < length < 512 and 0 < line < 1_000_000 and column < 10_000):
            continue
        for off, vaddr, filesz in loads:
            if vaddr <= ptr and ptr + length <= vaddr + filesz:
                text = data[off + ptr - vaddr: off + ptr - vaddr + length]
                if text.endswith(b".rs"):
                    sites.add((text.decode("utf-8", "replace"), line, column))
    for file, line, column in sorted(sites):
        print(f"{file}:{line}:{column}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
