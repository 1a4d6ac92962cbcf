/// Transcodes UTF-16 (LE or BE, after its byte order mark) to UTF-8 as it is read: Windows
/// tools (`wevtutil /uni:true`, PowerShell 5 `Out-File`) write UTF-16.
final class UTF16Source: ByteSource {
    let inner: ByteSource
    let bigEndian: Bool
    private var pending: [UInt8] = []
    private var output: [UInt8] = []
    private var outputOffset = 0
    private var atStart = true
    private var highSurrogate: UInt16?

    var bytesReadFromFile: Int { inner.bytesReadFromFile }
    var modificationTime: Timestamp? { inner.modificationTime }

    init(_ inner: ByteSource, bigEndian: Bool) {
        self.inner = inner
        self.bigEndian = bigEndian
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while outputOffset == output.count {
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            let n = try chunk.withUnsafeMutableBytes { try inner.read(into: $0) }
            if n == 0 { return 0 }
            pending += chunk[0..<n]
            var i = atStart ? 2 : 0  // skip the BOM
            atStart = false
            output.removeAll(keepingCapacity: true)
            outputOffset = 0
            while i + 1 < pending.count {
                let unit = bigEndian ? UInt16(pending[i]) << 8 | UInt16(pending[i + 1]) : UInt16(pending[i + 1]) << 8 | UInt16(pending[i])
                i += 2
                var scalar: UInt32
                if let high = highSurrogate {
                    highSurrogate = nil
                    if unit >= 0xDC00 && unit < 0xE000 {
                        scalar = 0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00)
                    } else {
                        append(0xFFFD)
                        scalar = UInt32(unit)
                    }
                } else {
                    scalar = UInt32(unit)
                }
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    highSurrogate = UInt16(scalar)
                    continue
                }
                if scalar >= 0xDC00 && scalar < 0xE000 { scalar = 0xFFFD }
                append(scalar)
            }
            pending.removeFirst(i)
        }
        let n = min(buffer.count, output.count - outputOffset)
        output.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + outputOffset, byteCount: n) }
        outputOffset += n
        return n
    }

    private func append(_ v: UInt32) {
        switch v {
        case 0..<0x80: output.append(UInt8(v))
        case 0x80..<0x800: output += [UInt8(0xC0 | v >> 6), UInt8(0x80 | v & 0x3F)]
        case 0x800..<0x10000: output += [UInt8(0xE0 | v >> 12), UInt8(0x80 | v >> 6 & 0x3F), UInt8(0x80 | v & 0x3F)]
        default: output += [UInt8(0xF0 | v >> 18), UInt8(0x80 | v >> 12 & 0x3F), UInt8(0x80 | v >> 6 & 0x3F), UInt8(0x80 | v & 0x3F)]
        }
    }
}
