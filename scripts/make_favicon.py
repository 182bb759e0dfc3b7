#!/usr/bin/env python3
"""Draw assets/favicon.ico: three timeline bars in the event-type palette (32×32 PNG inside an ICO)."""

import struct
import zlib
from pathlib import Path

SIZE = 32
BARS = [((0x88, 0x22, 0x55), 6, 4, 24), ((0x33, 0x22, 0x88), 14, 10, 28), ((0x44, 0xAA, 0x99), 22, 2, 16)]


def pixels() -> bytes:
    rows = []
    for y in range(SIZE):
        row = bytearray([0])  # PNG filter: none
        for x in range(SIZE):
            colour = (0x21, 0x25, 0x29, 255)
            for (r, g, b), top, left, right in BARS:
                if top <= y < top + 5 and left <= x < right:
                    colour = (r, g, b, 255)
            row += bytes(colour)
        rows.append(bytes(row))
    return b"".join(rows)


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels())) + chunk(b"IEND", b"")


def main() -> None:
    image = png()
    icon = struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", SIZE, SIZE, 0, 0, 1, 32, len(image), 22) + image
    Path("assets/favicon.ico").write_bytes(icon)
    print("wrote assets/favicon.ico")


if __name__ == "__main__":
    main()
