import JSONStream

/// A record (or part of a file) that could not become an event.
public struct Reject: Sendable {
    /// The input's path.
    public var file: String
    /// Byte offset in the (decompressed) input where the record began.
    public var offset: Int
    /// 1-based line where it began (0 when unknown).
    public var line: Int
    /// Why, in one line.
    public var reason: String
    /// Its first bytes.
    public var raw: [UInt8]

    /// Max bytes of a record kept in a reject.
    public static let maxRaw = 4096

    /// A reject; `raw` is truncated to `maxRaw` bytes.
    public init(file: String, offset: Int, line: Int, reason: String, raw: [UInt8]) {
        self.file = file
        self.offset = offset
        self.line = line
        self.reason = reason
        self.raw = Array(raw.prefix(Reject.maxRaw))
    }

    /// One line for a terminal: `file:line (byte N): reason`.
    public var oneLine: String { "\(file):\(line) (byte \(offset)): \(reason)" }

    /// The reject as one NDJSON line.
    public func json() -> [UInt8] {
        var w = JSONWriter(capacity: raw.count + 256)
        w.beginObject()
        w.key("file"); w.string(file)
        w.key("offset"); w.number(offset)
        w.key("line"); w.number(line)
        w.key("reason"); w.string(reason)
        w.key("raw"); raw.withUnsafeBytes { w.string(bytes: $0) }
        w.endObject()
        w.append(byte: 0x0A)
        return w.bytes
    }
}
