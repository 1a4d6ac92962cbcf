import AuditLake
import Dispatch
import EVTX
import Foundation

/// Records per second through the EVTX reader, alone and with mapping and encoding: the best of
/// `runs` runs; `only` ("parse" or "full") runs one measurement alone (for a profiler).
func benchEVTX(_ files: [String], runs: Int, only: String?) throws {
    let datas = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
    var chunks: [(Data, Int)] = []
    for data in datas {
        var offset = EVTXFileHeader.size
        while offset + EVTXChunk.size <= data.count {
            chunks.append((data.subdata(in: offset..<(offset + EVTXChunk.size)), offset))
            offset += EVTXChunk.size
        }
    }
    let allChunks = chunks
    func run(_ label: String, threads: Int, encode: Bool) {
        var best = Double.infinity
        var records = 0
        for _ in 0..<runs {
            let start = Timestamp.now()
            let counter = Counter()
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                var mapper = WindowsMapper()
                let reader = EVTXChunkReader(crc32: zlibCRC32)
                var encoder = EventEncoder()
                var e = Event(timestamp: Timestamp(nanoseconds: 0), dataset: "")
                var n = 0, bytes = 0
                for (i, (data, offset)) in allChunks.enumerated() where i % threads == t {
                    _ = data.withUnsafeBytes {
                        reader.parse($0, index: i, fileOffset: offset) { record, view in
                            n += 1
                            // As `convert` does: the `winlog` text goes from the mapper into the line.
                            guard encode, mapper.mapKeepingSourceFields(view, record: record, into: &e) == nil else { return }
                            bytes += mapper.withSourceFields { encodedCount(&encoder, &e, $0) }
                        }
                    }
                }
                counter.add(n)
            }
            records = counter.value
            best = min(best, start.seconds(to: .now()))
        }
        print(String(format: "%-40@ %8d records  %6.3f s  %9.0f records/s", label, records, best, Double(records) / best))
    }
    if only == nil {
        let tree = allChunks.enumerated().reduce(0) { sum, item in
            sum + item.element.0.withUnsafeBytes { EVTXChunk.parse($0, index: item.offset, fileOffset: item.element.1).treeRecords }
        }
        print("records read through the element tree (templates that do not compile): \(tree)")
    }
    let cores = ProcessInfo.processInfo.activeProcessorCount
    if only == nil || only == "parse" { run("parse, 1 core", threads: 1, encode: false) }
    if only == nil || only == "full" { run("parse + map + NDJSON, 1 core", threads: 1, encode: true) }
    if only == nil { run("parse + map + NDJSON, \(cores) cores", threads: cores, encode: true) }
}

/// The length of `e`'s NDJSON line (the event passed in place, not copied out of the closure's capture).
func encodedCount(_ encoder: inout EventEncoder, _ e: inout Event, _ sourceFields: UnsafeRawBufferPointer) -> Int {
    encoder.withEncoded(e, sourceFields: sourceFields) { $0.count }
}

/// A thread-safe sum.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var value = 0
    func add(_ n: Int) {
        lock.lock()
        value += n
        lock.unlock()
    }
}
