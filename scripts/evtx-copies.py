#!/usr/bin/env python3
"""Makes a large EVTX file for benchmarks: the chunks of SOURCE repeated COPIES times into OUT.

Each copy renames the computer (its last two UTF-16 characters become AA, AB, ...) and gets its
chunk CRCs computed again, so every record stays valid and no copy is a duplicate of another
(auditlake's dedupe key is computer|channel|record id|time). The file header is SOURCE's.

usage: evtx-copies.py SOURCE COPIES OUT [COMPUTER]   (COMPUTER default: WIN-03DLIIOFRRA, the
computer of ../shared/fixtures/evtx/samples/security.evtx)
"""
import struct
import sys
import zlib


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    source, copies, out_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    computer = sys.argv[4] if len(sys.argv) > 4 else "WIN-03DLIIOFRRA"
    if len(computer) < 2 or copies > 26 * 26:
        sys.exit("the computer name needs two characters to rename; at most 676 copies")
    data = open(source, "rb").read()
    header, body = data[:4096], data[4096:]
    name = computer.encode("utf-16-le")
    out = bytearray(header)
    chunks = 0
    for k in range(copies):
        tag = (chr(65 + k // 26) + chr(65 + k % 26)).encode("utf-16-le")
        renamed = name[:-4] + tag
        for c in range(0, len(body) - 65535, 65536):
            chunk = bytearray(body[c:c + 65536])
            if chunk[:8] != b"ElfChnk\x00":
                continue
            chunk = bytearray(bytes(chunk).replace(name, renamed))
            free = struct.unpack_from("<I", chunk, 48)[0]
            struct.pack_into("<I", chunk, 52, zlib.crc32(bytes(chunk[512:free])) & 0xFFFFFFFF)
            struct.pack_into("<I", chunk, 124, zlib.crc32(bytes(chunk[0:120]) + bytes(chunk[128:512])) & 0xFFFFFFFF)
            out += chunk
            chunks += 1
    open(out_path, "wb").write(out)
    print(f"{chunks} chunks, {len(out)} bytes")


if __name__ == "__main__":
    main()
