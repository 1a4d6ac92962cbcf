/// Why part of an EVTX file could not be read: what, where (chunk and offset), and why.
public struct EVTXError: Error, Sendable, CustomStringConvertible {
    /// 0-based chunk number, nil for the file header.
    public var chunk: Int?
    /// Byte offset in the file.
    public var offset: Int
    /// What went wrong, e.g. "record size 0 below 28".
    public var reason: String

    /// An error at `offset` in `chunk`.
    public init(chunk: Int?, offset: Int, reason: String) {
        self.chunk = chunk
        self.offset = offset
        self.reason = reason
    }

    /// "chunk 6 (byte 397312): bad chunk magic"
    public var description: String {
        (chunk.map { "chunk \($0) " } ?? "") + "(byte \(offset)): \(reason)"
    }
}

/// A labelled short read inside a chunk: what was being read, where, how much was needed and there.
struct ShortRead: Error {
    var what: String
    var offset: Int
    var need: Int
    var have: Int

    var reason: String { "\(what) at chunk offset \(offset) needs \(need) bytes, \(have) left" }
}

/// Little-endian reads over a chunk, each labelled so a short buffer says what and where.
struct ChunkBytes {
    let base: UnsafeRawBufferPointer

    @inline(__always)
    func check(_ what: @autoclosure () -> String, _ at: Int, _ n: Int) throws {
        guard at >= 0, at + n <= base.count else {
            throw ShortRead(what: what(), offset: at, need: n, have: max(0, base.count - at))
        }
    }

    @inline(__always)
    func u8(_ at: Int, _ what: @autoclosure () -> String) throws -> UInt8 {
        try check(what(), at, 1)
        return base[at]
    }

    @inline(__always)
    func u16(_ at: Int, _ what: @autoclosure () -> String) throws -> UInt16 {
        try check(what(), at, 2)
        return UInt16(base[at]) | UInt16(base[at + 1]) << 8
    }

    @inline(__always)
    func u32(_ at: Int, _ what: @autoclosure () -> String) throws -> UInt32 {
        try check(what(), at, 4)
        return base.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian
    }

    @inline(__always)
    func u64(_ at: Int, _ what: @autoclosure () -> String) throws -> UInt64 {
        try check(what(), at, 8)
        return base.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian
    }

    /// True when every byte is zero (a chunk preallocated and never written). Eight words at a
    /// time: a byte-by-byte test of an empty 64 KiB chunk cost a Security log 2% of its reading.
    var isAllZero: Bool {
        var i = 0
        let words = base.count & ~63
        while i < words {
            var any: UInt64 = 0
            for k in stride(from: 0, to: 64, by: 8) { any |= base.loadUnaligned(fromByteOffset: i + k, as: UInt64.self) }
            if any != 0 { return false }
            i += 64
        }
        while i < base.count {
            if base[i] != 0 { return false }
            i += 1
        }
        return true
    }

    /// UTF-16LE text of `units` code units at `at` (unpaired surrogates become U+FFFD).
    func utf16(_ at: Int, units: Int, _ what: @autoclosure () -> String) throws -> String {
        try check(what(), at, units * 2)
        // Fast path: ASCII text (names, numbers, most values) becomes UTF-8 byte for byte.
        var ascii = true
        var i = 0
        while i < units {
            if base[at + 2 * i + 1] != 0 || base[at + 2 * i] >= 0x80 { ascii = false; break }
            i += 1
        }
        if ascii {
            return String(unsafeUninitializedCapacity: units) { out in
                for k in 0..<units { out[k] = base[at + 2 * k] }
                return units
            }
        }
        var scalars = String.UnicodeScalarView()
        let codeUnits = (0..<units).lazy.map { UInt16(self.base[at + 2 * $0]) | UInt16(self.base[at + 2 * $0 + 1]) << 8 }
        var iterator = codeUnits.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): scalars.append(s)
            case .emptyInput: break loop
            case .error: scalars.append("\u{FFFD}")
            }
        }
        return String(scalars)
    }
}
