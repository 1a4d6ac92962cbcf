// auditlake-bench: throughput of the JSON parser on a generated M365 corpus.
//
//   swift run -c release auditlake-bench [--size-mb N] [--dir PATH] [--runs N]
//
// Writes the corpus once as NDJSON and as one top-level array (deterministic, seed 42), then
// streams each file from disk in 1 MiB chunks through JSONRecordStream, fetching a dozen fields
// of every record, and prints MB/s, records/s and peak RSS.
import AuditLake
import Foundation
import JSONStream

var sizeMB = 256
var directory = NSTemporaryDirectory() + "auditlake-bench"
var runs = 3
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--size-mb": sizeMB = Int(arguments.next() ?? "") ?? sizeMB
    case "--dir": directory = arguments.next() ?? directory
    case "--runs": runs = Int(arguments.next() ?? "") ?? runs
    default:
        print("usage: auditlake-bench [--size-mb N] [--dir PATH] [--runs N]")
        exit(2)
    }
}

try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
let ndjsonPath = directory + "/m365-\(sizeMB)MB.ndjson"
let arrayPath = directory + "/m365-\(sizeMB)MB.json"
if !FileManager.default.fileExists(atPath: ndjsonPath) || !FileManager.default.fileExists(atPath: arrayPath) {
    try writeCorpus(sizeMB: sizeMB, ndjsonPath: ndjsonPath, arrayPath: arrayPath)
}

for (label, path) in [("ndjson", ndjsonPath), ("array", arrayPath)] {
    var best = Double.infinity
    var result = ScanResult()
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        result = try scanFile(path)
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    let mb = Double(result.bytes) / 1_000_000
    print(String(format: "%-7@ %8.1f MB  %9d records  %7.3f s  %7.0f MB/s  %9.0f records/s  (checksum %d)",
                 label, mb, result.records, best, mb / best, Double(result.records) / best, result.checksum))
}
print("peak RSS: \(peakRSSMegabytes()) MB")
