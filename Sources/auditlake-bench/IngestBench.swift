import AuditLake
import Foundation

/// Ingests `path` into a fresh lake at `lake` and prints the throughput and peak RSS.
func benchIngest(_ path: String, lake: String, index: Bool = true) throws {
    try? FileManager.default.removeItem(atPath: lake)
    let start = Timestamp.now()
    let writer = try LakeWriter(lake: lake, startedAt: start.rfc3339, indexEvents: index)
    let counts = try EventPipeline(options: PipelineOptions()).run(inputs: [path], into: writer)
    _ = try writer.commit(counts: counts, finishedAt: Timestamp.now().rfc3339)
    let seconds = start.seconds(to: .now())
    let mb = Double(counts.bytes) / 1_000_000
    print(String(format: "ingest%@ %8.1f MB  %9d records  %7.2f s  %6.1f MB/s  %8.0f records/s  peak RSS %d MB",
                 index ? "" : " (no index)", mb, counts.records, seconds, mb / seconds, Double(counts.records) / seconds, peakRSSMegabytes()))
    print("        events \(counts.events), duplicates \(counts.duplicates), rejects \(counts.rejects); datasets \(counts.perDataset.sorted { $0.key < $1.key })")
}

/// Times the questions `query` answers on the lake at `lake` (best of 5 runs each).
func benchQueries(lake: String) throws {
    let query = try LakeQuery(lake: lake)
    let total = try query.rows("SELECT COUNT(*), MIN(time) FROM events")[0]
    let firstDay = Timestamp(nanoseconds: Int64(total[1]!)! * 1000)
    let dayStart = Timestamp.parse(firstDay.dateString + "T00:00:00Z")!
    var oneUserOneDay = QueryFilter()
    oneUserOneDay.user = "user42@contoso.onmicrosoft.com"
    oneUserOneDay.since = Timestamp(nanoseconds: dayStart.nanoseconds + 86_400_000_000_000 * 3)
    oneUserOneDay.until = Timestamp(nanoseconds: dayStart.nanoseconds + 86_400_000_000_000 * 4)
    func best(_ label: String, _ body: () throws -> Int) rethrows {
        var times: [Double] = []
        var n = 0
        for _ in 0..<5 {
            let start = Timestamp.now()
            n = try body()
            times.append(start.seconds(to: .now()) * 1000)
        }
        print(String(format: "%-48@ %8.1f ms  (%d rows)", label, times.min()!, n))
    }
    print("lake: \(total[0]!) events")
    try best("one user, one day (index columns)") {
        var n = 0
        try query.events(oneUserOneDay, fields: LakeQuery.columns, limit: nil) { _ in n += 1 }
        return n
    }
    try best("one user, one day (whole events, ndjson)") {
        var n = 0
        let q = try LakeQuery(lake: lake)
        try q.events(oneUserOneDay, fields: ["time"], limit: nil) { row in n += try q.record(row).count > 0 ? 1 : 0 }
        return n
    }
    try best("--count-by dataset") { try query.count(by: ["dataset"], QueryFilter(), limit: nil).rows.count }
    var failures = QueryFilter()
    failures.outcome = "failure"
    failures.ip = IPRange("10.0.0.0/8")
    try best("--outcome failure --ip 10.0.0.0/8 --limit 100") {
        var n = 0
        try query.events(failures, fields: LakeQuery.columns, limit: 100) { _ in n += 1 }
        return n
    }
}
