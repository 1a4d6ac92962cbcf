import AuditLake
import Foundation

/// Ingests `path` into a fresh lake at `lake` and prints the throughput and peak RSS.
func benchIngest(_ path: String, lake: String) throws {
    try? FileManager.default.removeItem(atPath: lake)
    let start = Timestamp.now()
    let writer = try LakeWriter(lake: lake, startedAt: start.rfc3339)
    let counts = try EventPipeline(options: PipelineOptions()).run(inputs: [path], into: writer)
    _ = try writer.commit(counts: counts, finishedAt: Timestamp.now().rfc3339)
    let seconds = start.seconds(to: .now())
    let mb = Double(counts.bytes) / 1_000_000
    print(String(format: "ingest  %8.1f MB  %9d records  %7.2f s  %6.1f MB/s  %8.0f records/s  peak RSS %d MB",
                 mb, counts.records, seconds, mb / seconds, Double(counts.records) / seconds, peakRSSMegabytes()))
    print("        events \(counts.events), duplicates \(counts.duplicates), rejects \(counts.rejects); datasets \(counts.perDataset.sorted { $0.key < $1.key })")
}
