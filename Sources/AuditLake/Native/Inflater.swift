import CZlib

/// A zlib inflate stream for gzip input (one `z_stream`, owned here and freed in `deinit`).
///
/// As in swift-nio's compression code, the `z_stream` lives on the heap (zlib keeps a pointer
/// to it) and its buffer pointers are cleared after every call.
final class Inflater {
    private let stream: UnsafeMutablePointer<z_stream>

    /// Starts a gzip (RFC 1952) inflate stream.
    init() throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let rc = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw ZlibError(code: rc, message: "inflateInit2 failed")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Inflates from `input` into `output`.
    ///
    /// Returns the bytes consumed and produced, whether the current gzip member ended, and
    /// zlib's error if the data is corrupt (`consumed` then says how far it got).
    func inflate(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) -> (consumed: Int, produced: Int, memberEnded: Bool, error: ZlibError?) {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = UInt32(input.count)
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = UInt32(output.count)
        defer {
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
            stream.pointee.next_out = nil
            stream.pointee.avail_out = 0
        }
        let rc = CZlib.inflate(stream, Z_NO_FLUSH)
        let consumed = input.count - Int(stream.pointee.avail_in)
        let produced = output.count - Int(stream.pointee.avail_out)
        switch rc {
        case Z_OK, Z_BUF_ERROR:
            return (consumed, produced, false, nil)
        case Z_STREAM_END:
            return (consumed, produced, true, nil)
        default:
            let message = stream.pointee.msg.map { String(cString: $0) } ?? "inflate failed"
            return (consumed, produced, false, ZlibError(code: rc, message: message))
        }
    }

    /// Prepares for the next gzip member of a multi-member file.
    func reset() {
        inflateReset(stream)
    }
}

/// A zlib failure: its return code and message.
public struct ZlibError: Error, Sendable, CustomStringConvertible {
    /// zlib's return code (Z_DATA_ERROR, ...).
    public var code: Int32
    /// zlib's message.
    public var message: String

    /// "invalid stored block lengths (zlib code -3)"
    public var description: String { "\(message) (zlib code \(code))" }
}
