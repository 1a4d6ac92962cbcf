/// A part file being written: one partition (dataset, UTC date), gzip members of NDJSON
/// compressed by the run's `BlockCompressor`.
final class PartWriter {
    let id: Int64
    let dataset: String
    let date: String
    let relativePath: String
    let temporaryPath: String
    let output: FileOutput
    private let compressor: BlockCompressor
    private let blockSize: Int
    private var block: [UInt8] = []
    private var rows: [IndexRow] = []
    private(set) var events = 0
    var minTime = Int64.max
    var maxTime = Int64.min
    var lastUse = 0

    init(id: Int64, dataset: String, date: String, relativePath: String, temporaryPath: String,
         compressor: BlockCompressor, blockSize: Int = 256 * 1024) throws {
        self.id = id
        self.dataset = dataset
        self.date = date
        self.relativePath = relativePath
        self.temporaryPath = temporaryPath
        self.compressor = compressor
        self.blockSize = blockSize
        output = try FileOutput(path: temporaryPath)
    }

    /// Adds one event's line; a full block goes to the compressor with its index rows.
    func append(_ line: UnsafeRawBufferPointer, event: Event) throws {
        rows.append(IndexRow(event, partID: id, memberIndex: rows.count))
        block.append(contentsOf: line)
        events += 1
        let time = event.timestamp.microseconds
        minTime = min(minTime, time)
        maxTime = max(maxTime, time)
        if block.count >= blockSize { try flush() }
    }

    /// Sends the pending block to the compressor.
    func flush() throws {
        guard !block.isEmpty else { return }
        try compressor.submit(block, rows: rows, to: output)
        block = []
        block.reserveCapacity(blockSize + 64 * 1024)
        rows = []
    }

    /// Describes the finished file; call after the compressor has drained.
    func summary() throws -> PartSummary {
        try output.sync()
        return PartSummary(
            id: id, relativePath: relativePath, temporaryPath: temporaryPath, dataset: dataset, date: date,
            events: events, bytes: output.bytesWritten, minTime: minTime, maxTime: maxTime)
    }
}

/// A finished part file, ready to be moved into place and indexed.
public struct PartSummary: Sendable {
    /// Its id in the index's `parts` table.
    public var id: Int64
    /// `dataset=.../date=.../part-<run>-<n>.ndjson.gz`, relative to the lake.
    public var relativePath: String
    /// Where it was written before the commit.
    public var temporaryPath: String
    /// `event.dataset` of its events.
    public var dataset: String
    /// UTC date of its events.
    public var date: String
    /// Events in it.
    public var events: Int
    /// Its compressed size.
    public var bytes: Int
    /// Earliest event time (UTC microseconds).
    public var minTime: Int64
    /// Latest event time (UTC microseconds).
    public var maxTime: Int64
}
