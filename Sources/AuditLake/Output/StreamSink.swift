/// `convert`'s sink: events as NDJSON to a stream in input order (gzip when the file name ends
/// in `.gz`); rejects as one line each on a text stream (stderr).
public final class StreamSink: EventSink {
    private let output: FileOutput
    private let gzip: GzipBlockWriter?
    private var buffer: [UInt8] = []
    private let rejectLine: (String) -> Void
    private var seen = Deduplicator()

    /// Writes to `output`; `compress` writes gzip members; `rejectLine` reports rejects.
    public init(output: FileOutput, compress: Bool, level: Int32 = 6, rejectLine: @escaping (String) -> Void) throws {
        self.output = output
        gzip = compress ? try GzipBlockWriter(output: output, level: level) : nil
        self.rejectLine = rejectLine
        buffer.reserveCapacity(1 << 20)
    }

    /// Writes one event line.
    public func write(_ event: Event, line: UnsafeRawBufferPointer) throws {
        if let gzip {
            try gzip.append(line)
            return
        }
        buffer.append(contentsOf: line)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// True the first time `key` is seen in this run.
    public func admit(_ key: String) throws -> Bool { seen.firstSighting(of: key) }

    /// Reports one reject.
    public func reject(_ reject: Reject) throws { rejectLine("reject: " + reject.oneLine) }

    /// Writes everything still buffered (and the last gzip member).
    public func finish() throws {
        if let gzip { try gzip.finish() } else { try flush() }
    }

    private func flush() throws {
        try output.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
