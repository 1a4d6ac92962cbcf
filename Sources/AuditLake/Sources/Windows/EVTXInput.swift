import Dispatch
import Foundation
import EVTX

/// Reads an EVTX file from a byte source: the header, then chunks in batches that are parsed,
/// mapped to events and encoded in parallel (chunks are independent; a record is mapped straight
/// from its bytes while its chunk is read), handed on in file order. Memory: one batch of chunks.
enum EVTXInput {
    /// What the file held, for `inspect` and the counts.
    struct Stats {
        var chunks = 0
        var unusedChunks = 0
        var records = 0
        var errors = 0
        var badChecksums = 0
        var headerChunkCount = 0
        var firstError: EVTXError?
    }

    static let batch = 32

    /// One chunk's records mapped to events and encoded (or the reasons they cannot be).
    struct MappedChunk {
        var result: EVTXChunkResult
        var records: [MappedRecord] = []
        /// The events' NDJSON lines, back to back.
        var lines: [UInt8] = []
    }

    /// One record of a mapped chunk: its event (taken out when handed on) and line, or its reject.
    struct MappedRecord {
        var event: Event?
        var error: RecordError?
        var offset: Int
        var line: Range<Int>
    }

    /// Reads `source` to its end; records become `.encoded` items (`.event` failures when they
    /// cannot be events), damage becomes rejects. Without `mapping` records are only counted
    /// (what `inspect` needs): no item is handed on for them.
    static func read(
        _ source: ByteSource, path: String, mapping: Bool = true, workers: EVTXWorkers = EVTXWorkers(),
        handle: (InputItem) throws -> Void
    ) throws -> (stats: Stats, bytes: Int, error: InputError?) {
        var stats = Stats()
        var header = [UInt8](repeating: 0, count: EVTXFileHeader.size)
        var bytes = 0
        do {
            bytes = try readFully(source, into: &header, count: EVTXFileHeader.size)
        } catch let error as InputError {
            return (stats, bytes, error)
        }
        guard let fileHeader = header.withUnsafeBytes({ EVTXFileHeader(UnsafeRawBufferPointer(rebasing: $0[0..<bytes])) }) else {
            return (stats, bytes, InputError(path: path, message: "not an EVTX file header (ElfFile)"))
        }
        stats.headerChunkCount = fileHeader.chunkCount
        var buffer = [UInt8](repeating: 0, count: batch * EVTXChunk.size)
        var firstChunk = 0
        let workers = workers.all
        while true {
            let n: Int
            do {
                n = try readFully(source, into: &buffer, count: buffer.count)
            } catch let error as InputError {
                return (stats, bytes, error)
            }
            if n == 0 { break }
            let count = (n + EVTXChunk.size - 1) / EVTXChunk.size
            let base = EVTXFileHeader.size + bytes - EVTXFileHeader.size
            var results = [MappedChunk?](repeating: nil, count: count)
            let first = firstChunk
            buffer.withUnsafeBytes { raw in
                results.withUnsafeMutableBufferPointer { out in
                    // Worker t reads chunks t, t + workers, ...: it writes only their slots.
                    let shared = SharedBuffers(input: raw, output: out)
                    DispatchQueue.concurrentPerform(iterations: min(count, workers.count)) { t in
                        for i in stride(from: t, to: count, by: workers.count) {
                            let start = i * EVTXChunk.size
                            let end = min(start + EVTXChunk.size, n)
                            shared.output[i] = workers[t].map(UnsafeRawBufferPointer(rebasing: shared.input[start..<end]),
                                                              index: first + i, fileOffset: base + start, path: mapping ? path : nil)
                        }
                    }
                }
            }
            bytes += n
            for i in results.indices {
                // Events are moved out, not copied: each is handed on once.
                guard var chunk = results[i].take() else { continue }
                let result = chunk.result
                stats.chunks += 1
                if result.isUnused { stats.unusedChunks += 1 }
                if !result.headerChecksumOK || !result.dataChecksumOK { stats.badChecksums += 1 }
                try chunk.lines.withUnsafeBytes { lines in
                    for k in chunk.records.indices {
                        stats.records += 1
                        let offset = chunk.records[k].offset
                        if let event = chunk.records[k].event.take() {
                            try handle(.encoded(event, line: UnsafeRawBufferPointer(rebasing: lines[chunk.records[k].line]), offset: offset))
                        } else if let error = chunk.records[k].error {
                            try handle(.event(.failure(error), offset: offset, line: 0))
                        }
                    }
                }
                for error in result.errors {
                    stats.errors += 1
                    if stats.firstError == nil { stats.firstError = error }
                    try handle(.reject(Reject(file: path, offset: error.offset, line: 0, reason: "EVTX \(error)", raw: [])))
                }
            }
            firstChunk += count
            if n < buffer.count { break }
        }
        return (stats, bytes, nil)
    }

    /// Reads until `count` bytes or the end of the input.
    static func readFully(_ source: ByteSource, into buffer: inout [UInt8], count: Int) throws -> Int {
        var filled = 0
        while filled < count {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled..<count])) }
            if n == 0 { break }
            filled += n
        }
        return filled
    }
}

/// One chunk worker per core, kept for a whole run (by `InputReader`): a template met in one
/// file is compiled once for all the files after it (a triage folder holds hundreds of logs,
/// most of them small, written with the same few templates).
final class EVTXWorkers: @unchecked Sendable {
    fileprivate let all = (0..<max(1, ProcessInfo.processInfo.activeProcessorCount)).map { _ in ChunkWorker() }
}

/// Reads, maps and encodes the chunks one worker thread is given, keeping its templates and names.
fileprivate final class ChunkWorker: @unchecked Sendable {
    private let reader = EVTXChunkReader(crc32: zlibCRC32)
    private var mapper = WindowsMapper()
    private var encoder = EventEncoder()

    /// Parses one chunk, mapping each record as it is read and encoding its event (with its
    /// `log.*` fields: `path` and the record's offset) as the pipeline would; without a path,
    /// records are only noted.
    func map(_ bytes: UnsafeRawBufferPointer, index: Int, fileOffset: Int, path: String?) -> EVTXInput.MappedChunk {
        var records: [EVTXInput.MappedRecord] = []
        var lines: [UInt8] = []
        lines.reserveCapacity(path == nil ? 0 : 256 * 1024)
        let result = reader.parse(bytes, index: index, fileOffset: fileOffset) { record, view in
            guard let path else {
                records.append(EVTXInput.MappedRecord(event: nil, error: nil, offset: record.fileOffset, line: 0..<0))
                return
            }
            // Mapped and encoded in place, then moved into the list (no copy of the event). Its
            // `winlog` text goes from the mapper straight into the line: the event that travels
            // on carries only what the sinks read.
            var event: Event? = Event(timestamp: Timestamp(nanoseconds: 0), dataset: "")
            if let error = mapper.mapKeepingSourceFields(view, record: record, into: &event!) {
                records.append(EVTXInput.MappedRecord(event: nil, error: error, offset: record.fileOffset, line: 0..<0))
                return
            }
            event!.logPath = path
            event!.logOffset = record.fileOffset
            let start = lines.count
            mapper.withSourceFields { winlog in encoder.withEncoded(event!, sourceFields: winlog) { lines.append(contentsOf: $0) } }
            records.append(EVTXInput.MappedRecord(event: event.take(), error: nil, offset: record.fileOffset, line: start..<lines.count))
        }
        return EVTXInput.MappedChunk(result: result, records: records, lines: lines)
    }
}

/// The input and output of a parallel chunk batch, shared by iterations that touch disjoint parts.
private struct SharedBuffers: @unchecked Sendable {
    let input: UnsafeRawBufferPointer
    let output: UnsafeMutableBufferPointer<EVTXInput.MappedChunk?>
}

/// A FILETIME as a Timestamp; nil for 0 and beyond what it can hold (1678-2262).
func fileTimeToTimestamp(_ ticks: UInt64) -> Timestamp? {
    guard ticks > 0, ticks <= UInt64(Int64.max) else { return nil }
    return Timestamp(Int64(ticks) - 116_444_736_000_000_000, unit: 100)
}
