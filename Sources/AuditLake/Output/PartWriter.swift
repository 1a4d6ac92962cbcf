/// A part file being written: one partition (dataset, UTC date), gzip members of NDJSON.
final class PartWriter {
    let id: Int64
    let dataset: String
    let date: String
    let relativePath: String
    let temporaryPath: String
    let gzip: GzipBlockWriter
    var minTime = Int64.max
    var maxTime = Int64.min
    var lastUse = 0

    init(id: Int64, dataset: String, date: String, relativePath: String, temporaryPath: String, level: Int32) throws {
        self.id = id
        self.dataset = dataset
        self.date = date
        self.relativePath = relativePath
        self.temporaryPath = temporaryPath
        gzip = try GzipBlockWriter(output: FileOutput(path: temporaryPath), level: level)
    }

    /// Finishes the file and describes it for the index.
    func finish() throws -> PartSummary {
        try gzip.finish()
        return PartSummary(
            id: id, relativePath: relativePath, temporaryPath: temporaryPath, dataset: dataset, date: date,
            events: gzip.records, bytes: gzip.output.bytesWritten, minTime: minTime, maxTime: maxTime)
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
    /// Earliest and latest event time (UTC microseconds).
    public var minTime: Int64
    /// Latest event time (UTC microseconds).
    public var maxTime: Int64
}
