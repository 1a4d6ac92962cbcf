import AuditLake
import Foundation
import JSONStream

/// What a scan counted; the checksum keeps the field reads from being optimized away.
struct ScanResult {
    var bytes = 0
    var records = 0
    var checksum = 0
}

/// The dozen fields an M365 mapper needs first.
let benchFields = JSONFieldSet([
    "Id", "CreationTime", "Operation", "Workload", "RecordType", "UserId", "UserType",
    "ClientIP", "ResultStatus", "OrganizationId", "ObjectId", "UserAgent",
])

/// Streams `path` through the parser, fetching `benchFields` from every record.
func scanFile(_ path: String) throws -> ScanResult {
    let source = try FileByteSource(path: path)
    var result = ScanResult()
    var values: [JSONValue?] = []
    let summary = JSONFileReader().read(source) { event in
        guard case .record(let record) = event else { return }
        result.records += 1
        record.root.fetch(benchFields, into: &values)
        for value in values {
            guard let value else { continue }
            if let text = value.stringBytes {
                result.checksum &+= text.count
            } else if let number = value.int64 {
                result.checksum &+= Int(number)
            }
        }
    }
    result.bytes = summary.bytes
    precondition(summary.failures == 0, "corpus failed to parse: \(String(describing: summary.firstFailure))")
    return result
}

/// Writes about `sizeMB` MB of records as NDJSON and as one array, streaming (not held in memory).
func writeCorpus(sizeMB: Int, ndjsonPath: String, arrayPath: String) throws {
    _ = FileManager.default.createFile(atPath: ndjsonPath, contents: nil)
    _ = FileManager.default.createFile(atPath: arrayPath, contents: nil)
    let ndjson = try FileHandle(forWritingTo: URL(fileURLWithPath: ndjsonPath))
    let array = try FileHandle(forWritingTo: URL(fileURLWithPath: arrayPath))
    var corpus = M365Corpus(seed: 42)
    var writer = JSONWriter(capacity: 1 << 22)
    var arrayBlock: [UInt8] = [UInt8(ascii: "[")]
    var total = 0
    var index = 0
    while total < sizeMB * 1_000_000 {
        writer.reset()
        for _ in 0..<2000 {
            let start = writer.count
            corpus.writeRecord(index: index, to: &writer)
            arrayBlock.append(index == 0 ? UInt8(ascii: "\n") : UInt8(ascii: ","))
            writer.withBytes { arrayBlock.append(contentsOf: $0[start...]) }
            writer.append(byte: UInt8(ascii: "\n"))
            writer.reset(keepingText: true)
            index += 1
        }
        total += writer.count
        writer.withBytes { ndjson.write(Data($0)) }
        array.write(Data(arrayBlock))
        arrayBlock.removeAll(keepingCapacity: true)
    }
    array.write(Data("\n]\n".utf8))
    try ndjson.close()
    try array.close()
}

/// The process's peak resident set size in MB.
func peakRSSMegabytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss / 1024
}
