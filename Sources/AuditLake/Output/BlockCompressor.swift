import Foundation

// BlockCompressor: gzip on the second core. The ingest thread parses, maps and encodes; full
// blocks of NDJSON go to one background thread that deflates each into a gzip member and appends
// it to its part file, in submission order. Where a member landed (its offset) is known only
// then, so the block's index rows travel with it and come back, with the offset, for the ingest
// thread to insert. At most `maxPending` blocks wait, so memory stays bounded.

/// One event's index row, waiting for the offset of the gzip member that will hold it.
public struct IndexRow: Sendable {
    var time: Int64
    var dataset: String
    var action: String?
    var category: String?
    var outcome: String?
    var user: String?
    var userName: String?
    var userID: String?
    var target: String?
    var targetName: String?
    var sourceIP: String?
    var sourceKey: [UInt8]?
    var host: String?
    var code: String?
    var eventID: String?
    var partID: Int64
    var memberIndex: Int

    /// The row of `e`, stored in part `partID` at line `memberIndex` of its member.
    init(_ e: Event, partID: Int64, memberIndex: Int) {
        time = e.timestamp.microseconds
        dataset = e.dataset
        action = e.action
        category = e.category.isEmpty ? nil : e.category.joined(separator: ",")
        outcome = e.outcome
        user = (e.user.email ?? e.user.id)?.lowercased()
        userName = e.user.name?.lowercased()
        let id = e.user.id?.lowercased()
        userID = id == user ? nil : id
        target = (e.target.email ?? e.target.id)?.lowercased()
        targetName = e.target.name?.lowercased()
        sourceIP = e.sourceIP?.description
        sourceKey = e.sourceIP?.key
        host = e.hostName
        code = e.code
        eventID = e.id
        self.partID = partID
        self.memberIndex = memberIndex
    }
}

/// Compresses blocks into gzip members on a background thread, in order.
final class BlockCompressor: @unchecked Sendable {
    private struct Job {
        var block: [UInt8]
        var rows: [IndexRow]
        var output: FileOutput
    }

    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var busy = false
    private var stopping = false
    private var done: [(rows: [IndexRow], memberOffset: Int)] = []
    private var failure: Error?
    private let deflater: Deflater
    private let maxPending: Int
    private var thread: Thread?

    /// Starts the background thread; `level` is the gzip level.
    init(level: Int32, maxPending: Int = 8) throws {
        deflater = try Deflater(level: level)
        self.maxPending = maxPending
        // The thread holds the compressor until `stop()` lets it end.
        let thread = Thread { [self] in self.work() }
        thread.name = "auditlake-gzip"
        self.thread = thread
        thread.start()
    }

    /// Queues a block for `output`; waits while `maxPending` blocks are already queued.
    func submit(_ block: [UInt8], rows: [IndexRow], to output: FileOutput) throws {
        condition.lock()
        defer { condition.unlock() }
        while jobs.count >= maxPending && failure == nil { condition.wait() }
        if let failure { throw failure }
        jobs.append(Job(block: block, rows: rows, output: output))
        condition.broadcast()
    }

    /// The rows of blocks written since the last call, with their member offsets.
    func takeFinished() throws -> [(rows: [IndexRow], memberOffset: Int)] {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        let finished = done
        done = []
        return finished
    }

    /// Waits until every queued block is written.
    func drain() throws {
        condition.lock()
        defer { condition.unlock() }
        while (!jobs.isEmpty || busy) && failure == nil { condition.wait() }
        if let failure { throw failure }
    }

    /// Stops the thread after the queued blocks; every owner must call it once.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func work() {
        var compressed: [UInt8] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty && stopping {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            busy = true
            condition.broadcast()
            condition.unlock()

            var result: Error?
            let offset = job.output.bytesWritten
            do {
                compressed.removeAll(keepingCapacity: true)
                try job.block.withUnsafeBytes { try deflater.compressMember($0, appendingTo: &compressed) }
                try job.output.write(compressed)
            } catch {
                result = error
            }

            condition.lock()
            busy = false
            if let result { failure = failure ?? result } else { done.append((job.rows, offset)) }
            condition.broadcast()
            condition.unlock()
        }
    }
}
