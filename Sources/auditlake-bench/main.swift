// auditlake-bench: throughput on a generated M365 corpus (deterministic, seed 42).
//
//   swift run -c release auditlake-bench [--size-mb N] [--dir PATH] [--runs N]
//       the JSON parser: the corpus as NDJSON and as one top-level array, streamed from disk in
//       1 MiB chunks, a dozen fields fetched from every record; MB/s, records/s, peak RSS
//   swift run -c release auditlake-bench ingest [--size-mb N] [--dir PATH]
//       the whole ingest (parse, map, dedupe, encode, gzip parts, SQLite index, commit) of the
//       NDJSON corpus into a fresh lake; MB/s, records/s, peak RSS
//   swift run -c release auditlake-bench index-cost [--size-mb N]
//       the same ingest without and with the SQLite index: what the index adds
//   swift run -c release auditlake-bench evtx FILE.evtx... [--runs N] [--only parse|full]
//       EVTX records/s: chunks → events (parse), and parse + map + encode to NDJSON, on one core
//       and on all cores (best of N runs; --only: one measurement alone, for a profiler)
//   swift run -c release auditlake-bench syslog
//       auth.log lines/s: parse + normalize, and that plus NDJSON (no compression), one core
//   swift run -c release auditlake-bench encode
//       the event encoder alone: one auth event encoded a million times
//   swift run -c release auditlake-bench query [--size-mb N]
//       ingests the corpus (5,800 MB is about 5 million events), then times query questions
import AuditLake
import Foundation
import JSONStream

var sizeMB = 256
var directory = NSTemporaryDirectory() + "auditlake-bench"
var runs = 3
var mode = "parse"
var arguments = CommandLine.arguments.dropFirst().makeIterator()
var files: [String] = []
var only: String?
while let argument = arguments.next() {
    switch argument {
    case let path where path.hasSuffix(".evtx"): files.append(path)
    case "ingest", "index-cost", "query", "evtx", "syslog", "encode": mode = argument
    case "--size-mb": sizeMB = Int(arguments.next() ?? "") ?? sizeMB
    case "--dir": directory = arguments.next() ?? directory
    case "--runs": runs = Int(arguments.next() ?? "") ?? runs
    case "--only": only = arguments.next()
    default:
        print("usage: auditlake-bench [ingest|index-cost|query|syslog|encode] [--size-mb N] [--dir PATH] [--runs N]")
        print("       auditlake-bench evtx FILE.evtx... [--runs N] [--only parse|full]")
        exit(2)
    }
}

// Benchmarks with their own inputs first: they need no M365 corpus on disk.
switch mode {
case "evtx":
    try benchEVTX(files, runs: runs, only: only)
    exit(0)
case "encode": benchEncodeOnly(); exit(0)
case "syslog":
    benchSyslog()
    exit(0)
default:
    break
}

try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
let ndjsonPath = directory + "/m365-\(sizeMB)MB.ndjson"
let arrayPath = directory + "/m365-\(sizeMB)MB.json"
if !FileManager.default.fileExists(atPath: ndjsonPath) || !FileManager.default.fileExists(atPath: arrayPath) {
    try writeCorpus(sizeMB: sizeMB, ndjsonPath: ndjsonPath, arrayPath: arrayPath)
}

switch mode {
case "ingest":
    try benchIngest(ndjsonPath, lake: directory + "/lake")
    exit(0)
case "index-cost":
    try benchIngest(ndjsonPath, lake: directory + "/lake", index: false)
    try benchIngest(ndjsonPath, lake: directory + "/lake", index: true)
    exit(0)
case "query":
    let lake = directory + "/lake-\(sizeMB)MB"
    if !FileManager.default.fileExists(atPath: lake + "/index.sqlite") { try benchIngest(ndjsonPath, lake: lake) }
    try benchQueries(lake: lake)
    exit(0)
default:
    break
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
