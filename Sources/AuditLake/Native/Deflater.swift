import CZlib

/// A zlib deflate stream writing gzip members (one `z_stream`, owned here, freed in `deinit`).
final class Deflater {
    private let stream: UnsafeMutablePointer<z_stream>

    /// Starts a gzip (RFC 1952) deflate stream at `level` (0...9).
    init(level: Int32) throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let rc = deflateInit2_(
            stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw ZlibError(code: rc, message: "deflateInit2 failed (level \(level))")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Compresses `input` as one complete gzip member appended to `output`, then resets.
    func compressMember(_ input: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) throws {
        let bound = Int(deflateBound(stream, UInt(input.count))) + 32
        let startCount = output.count
        output.append(contentsOf: repeatElement(0, count: bound))
        let produced: Int = try output.withUnsafeMutableBytes { out in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = UInt32(input.count)
            stream.pointee.next_out = (out.baseAddress! + startCount).assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = UInt32(bound)
            defer {
                stream.pointee.next_in = nil
                stream.pointee.avail_in = 0
                stream.pointee.next_out = nil
                stream.pointee.avail_out = 0
            }
            let rc = deflate(stream, Z_FINISH)
            guard rc == Z_STREAM_END else { throw ZlibError(code: rc, message: "deflate did not finish the member") }
            return bound - Int(stream.pointee.avail_out)
        }
        output.removeLast(bound - produced)
        deflateReset(stream)
    }
}

/// Gzip compression of whole buffers, for writers and tests.
public enum Gzip {
    /// `bytes` as one gzip member at `level`.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        var out: [UInt8] = []
        let deflater = try Deflater(level: level)
        try bytes.withUnsafeBytes { try deflater.compressMember($0, appendingTo: &out) }
        return out
    }
}
