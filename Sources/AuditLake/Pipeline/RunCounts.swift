/// Counts for one input file.
public struct InputCounts: Sendable {
    /// The input's path as given.
    public var path: String
    /// `json`, `csv`, or nil when the file could not be read.
    public var format: String?
    /// Decompressed bytes read.
    public var bytes = 0
    /// Records read (events + duplicates + rejects).
    public var records = 0
    /// Events written.
    public var events = 0
    /// Records skipped as duplicates of an earlier record.
    public var duplicates = 0
    /// Records (or file regions) that could not be read.
    public var rejects = 0
    /// Why the file, or its end, could not be read.
    public var error: String?

    /// Counts for `path`, all zero.
    public init(path: String) { self.path = path }
}

/// What a run did: the totals add up (records = events + duplicates + rejects).
public struct RunCounts: Sendable {
    /// Per input, in processing order.
    public var inputs: [InputCounts] = []
    /// Events written per dataset.
    public var perDataset: [String: Int] = [:]

    /// A run with nothing counted yet.
    public init() {}

    /// Decompressed bytes read in all.
    public var bytes: Int { inputs.reduce(0) { $0 + $1.bytes } }
    /// Records read in all.
    public var records: Int { inputs.reduce(0) { $0 + $1.records } }
    /// Events written in all.
    public var events: Int { inputs.reduce(0) { $0 + $1.events } }
    /// Duplicates skipped in all.
    public var duplicates: Int { inputs.reduce(0) { $0 + $1.duplicates } }
    /// Rejects in all.
    public var rejects: Int { inputs.reduce(0) { $0 + $1.rejects } }

    /// The summary printed on stderr at the end of a run.
    public func summary(command: String, elapsed: Double, extra: [String] = []) -> String {
        let mb = Double(bytes) / 1_000_000
        let rate = elapsed > 0 ? mb / elapsed : 0
        var lines = ["\(command): \(inputs.count) input\(inputs.count == 1 ? "" : "s"), "
            + "\(formatDecimal(mb, 1)) MB in \(formatDecimal(elapsed, 2)) s (\(formatDecimal(rate, 1)) MB/s)"]
        lines.append("  records read \(records) = events written \(events) + duplicates skipped \(duplicates) + rejected \(rejects)")
        for dataset in perDataset.keys.sorted() { lines.append("  \(dataset): \(perDataset[dataset]!)") }
        for input in inputs where input.error != nil { lines.append("  \(input.path): \(input.error!)") }
        return (lines + extra).joined(separator: "\n")
    }
}

/// `value` with `digits` decimals, without Foundation.
func formatDecimal(_ value: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (value * scale).rounded()
    let whole = Int(scaled / scale)
    let fraction = Int(abs(scaled) - Double(abs(whole)) * scale)
    return digits == 0 ? "\(whole)" : "\(whole).\(pad(fraction, digits))"
}
