import Foundation

// LakeWriter: the partitioner and the commit of one `ingest` run.
//
//   LAKE/_tmp/run-<run>/<part id>.ndjson.gz     parts while the run is going
//   LAKE/_tmp/run-<run>/rejects.ndjson.gz
//   LAKE/dataset=<d>/date=<YYYY-MM-DD>/part-<run>-<n>.ndjson.gz   after the commit
//   LAKE/_rejects/<run>.ndjson.gz
//   LAKE/index.sqlite
//
// The index transaction is open for the whole run (which also keeps a second ingest out). At the
// commit, parts are renamed into their partitions and then the transaction commits; a crash before
// the commit leaves only files of an uncommitted run, which the next run deletes before it starts.
// At most `maxOpenParts` parts are open at once; a partition whose part was closed gets a new
// part file when more of its events arrive (gzip files are never reopened). Blocks are
// compressed on a second thread (BlockCompressor); their index rows are inserted here once the
// offsets of their gzip members are known.

/// Writes one run's events into a lake and commits them with the index.
public final class LakeWriter: EventSink {
    /// The lake folder.
    public let lake: String
    /// This run's id.
    public let runID: Int64
    let index: IndexWriter
    let temporary: String
    let level: Int32
    let maxOpenParts: Int
    private var open: [String: PartWriter] = [:]
    private var finished: [PartSummary] = []
    private var partNumbers: [String: Int] = [:]
    private var nextPartID: Int64
    private var uses = 0
    private var rejects: GzipBlockWriter?
    private let compressor: BlockCompressor
    private let startedAt: String
    /// Whether earlier runs committed events (only then are dedupe keys looked up).
    private let hasEarlierEvents: Bool
    /// Dedupe keys of this run not yet in the index; moved there in batches so memory stays flat.
    private var seen = Deduplicator()
    /// Keys held in memory before they move into the index (about 40 bytes each).
    let dedupeBatch: Int
    /// Filters over the batches of keys this run moved into the index: only a key one of them
    /// may hold is looked up there.
    private var spilled: [KeyFilter] = []
    /// Whether events get index rows (false only to measure what the index costs).
    let indexEvents: Bool

    /// Opens (creating) the lake, takes its lock, and cleans up after any crashed run.
    public init(
        lake: String, compressionLevel: Int32 = 6, maxOpenParts: Int = 64, startedAt: String, indexEvents: Bool = true,
        dedupeBatch: Int = 1_000_000
    ) throws {
        self.lake = lake
        self.dedupeBatch = dedupeBatch
        self.indexEvents = indexEvents
        level = compressionLevel
        self.maxOpenParts = maxOpenParts
        self.startedAt = startedAt
        try FileManager.default.createDirectory(atPath: lake, withIntermediateDirectories: true)
        index = try IndexWriter(path: lake + "/index.sqlite")
        try LakeWriter.removeUncommitted(lake: lake, committed: try index.committedRuns())
        (runID, nextPartID) = try index.nextIDs()
        hasEarlierEvents = runID > 1
        temporary = lake + "/_tmp/run-\(runID)"
        compressor = try BlockCompressor(level: compressionLevel)
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
    }

    /// Routes the event to its partition's part and indexes it.
    public func write(_ event: Event, line: UnsafeRawBufferPointer) throws {
        let date = event.timestamp.dateString
        let key = event.dataset + "/" + date
        let part = try open[key] ?? openPart(key: key, dataset: event.dataset, date: date)
        uses += 1
        part.lastUse = uses
        try part.append(line, event: event)
        if uses % 1024 == 0 { try insertFinishedRows() }
    }

    /// Inserts the index rows of blocks the compressor has written.
    private func insertFinishedRows() throws {
        for (rows, offset) in try compressor.takeFinished() where indexEvents {
            for row in rows { try index.add(row, memberOffset: offset) }
        }
    }

    /// True the first time `key` is seen in this run and in every earlier run of the lake.
    public func admit(_ key: String) throws -> Bool {
        guard seen.firstSighting(of: key) else { return false }
        if hasEarlierEvents {
            if try index.contains(dedupeKey: key) { return false }
        } else if !spilled.isEmpty {
            let bytes = Deduplicator.bytes(of: key)
            if spilled.contains(where: { $0.mayContain(bytes) }), try index.contains(dedupeKey: key) { return false }
        }
        if indexEvents && seen.count >= dedupeBatch {
            let keys = seen.allKeys()
            try index.addDedupeKeys(keys)
            spilled.append(KeyFilter(keys))
            seen = Deduplicator()
        }
        return true
    }

    /// Adds a record to the run's rejects file.
    public func reject(_ reject: Reject) throws {
        if rejects == nil {
            rejects = try GzipBlockWriter(output: FileOutput(path: temporary + "/rejects.ndjson.gz"), level: level)
        }
        try rejects!.append(reject.json())
    }

    private func openPart(key: String, dataset: String, date: String) throws -> PartWriter {
        if open.count >= maxOpenParts, let oldest = open.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            try oldest.value.flush()
            try compressor.drain()
            finished.append(try oldest.value.summary())
            open[oldest.key] = nil
        }
        let n = (partNumbers[key] ?? 0) + 1
        partNumbers[key] = n
        let relative = "dataset=\(dataset)/date=\(date)/part-\(pad(Int(runID), 6))-\(pad(n, 4)).ndjson.gz"
        let part = try PartWriter(
            id: nextPartID, dataset: dataset, date: date, relativePath: relative,
            temporaryPath: temporary + "/\(nextPartID).ndjson.gz", compressor: compressor)
        nextPartID += 1
        open[key] = part
        return part
    }

    /// Moves the parts into place and commits the index; returns the rejects file, if any.
    public func commit(counts: RunCounts, finishedAt: String) throws -> String? {
        let last = open.values.sorted(by: { $0.id < $1.id })
        for part in last { try part.flush() }
        try compressor.drain()
        compressor.stop()
        try insertFinishedRows()
        for part in last { finished.append(try part.summary()) }
        open = [:]
        var rejectsPath: String?
        if let rejects {
            try rejects.finish()
            rejectsPath = "_rejects/\(pad(Int(runID), 6)).ndjson.gz"
        }
        if indexEvents { try index.addDedupeKeys(seen.allKeys()) }
        try index.addRun(id: runID, startedAt: startedAt, finishedAt: finishedAt, counts: counts, rejectsPath: rejectsPath)
        for part in finished { try index.addPart(part, runID: runID) }
        for input in counts.inputs { try index.addInput(input, runID: runID) }
        for part in finished {
            let target = lake + "/" + part.relativePath
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try move(part.temporaryPath, to: target)
        }
        if let rejectsPath {
            try FileManager.default.createDirectory(atPath: lake + "/_rejects", withIntermediateDirectories: true)
            try move(temporary + "/rejects.ndjson.gz", to: lake + "/" + rejectsPath)
        }
        try index.commit()
        try? FileManager.default.removeItem(atPath: lake + "/_tmp")
        return rejectsPath
    }

    /// Gives up the run: nothing of it stays visible.
    public func abort() {
        compressor.stop()
        index.rollback()
        try? FileManager.default.removeItem(atPath: lake + "/_tmp")
    }

    private func move(_ from: String, to: String) throws {
        guard rename(from, to) == 0 else {
            throw OutputError(path: to, message: "cannot move \(from) into place: \(errnoText())")
        }
    }

    /// Deletes what a crashed run left: the temporary area, and parts or rejects of runs that
    /// never committed.
    static func removeUncommitted(lake: String, committed: Set<Int64>) throws {
        let fm = FileManager.default
        try? fm.removeItem(atPath: lake + "/_tmp")
        func runOf(_ name: String, prefix: String) -> Int64? {
            guard name.hasPrefix(prefix) else { return nil }
            return Int64(name.dropFirst(prefix.count).prefix(6))
        }
        for datasetDir in (try? fm.contentsOfDirectory(atPath: lake)) ?? [] where datasetDir.hasPrefix("dataset=") {
            for dateDir in (try? fm.contentsOfDirectory(atPath: lake + "/" + datasetDir)) ?? [] {
                let folder = lake + "/" + datasetDir + "/" + dateDir
                for name in (try? fm.contentsOfDirectory(atPath: folder)) ?? [] {
                    if let run = runOf(name, prefix: "part-"), !committed.contains(run) {
                        try fm.removeItem(atPath: folder + "/" + name)
                    }
                }
            }
        }
        for name in (try? fm.contentsOfDirectory(atPath: lake + "/_rejects")) ?? [] {
            if let run = runOf(name, prefix: ""), !committed.contains(run) {
                try fm.removeItem(atPath: lake + "/_rejects/" + name)
            }
        }
    }
}
