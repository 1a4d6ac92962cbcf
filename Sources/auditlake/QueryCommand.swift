import ArgumentParser
import AuditLake

/// `auditlake query DIR [filters]`: events from the lake, in milliseconds.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Find events in a lake.",
        discussion: """
            Filters combine with AND. Times are UTC; the range is [--since, --until). \
            --where takes an SQL boolean expression over the index columns: \
            \(LakeQuery.columns.filter { $0 != "account" }.joined(separator: ", ")) (time is UTC microseconds since 1970, \
            category is the categories joined by ','; user is the lower-cased UPN or id, \
            user_name the account name), e.g. --where "outcome = 'failure' AND code LIKE 'Exchange%'". \
            --fields and --count-by also take account: the UPN, else the account name, else the id. \
            Exit status: 0 (also when nothing matches), 2 bad input or no lake, 3 a lake that cannot be read.
            """
    )

    @Argument(help: "The lake folder.")
    var lake: String

    @Option(help: "Events at or after this time: 2026-11-01, 2026-11-01T08:00:00Z, or 24h, 7d (ago).")
    var since: String?
    @Option(help: "Events before this time (same forms as --since).")
    var until: String?
    @Option(help: "event.dataset (repeat for several).")
    var dataset: [String] = []
    @Option(help: "event.action, exact or a glob with '*'.")
    var action: String?
    @Option(help: "user.name, user.id or user.email (case-insensitive).")
    var user: String?
    @Option(help: "As --user, or the account logged on or acted on (user.target.*): every event the account took part in.")
    var relatedUser: String?
    @Option(help: "source.ip: an address or a CIDR range (IPv4 or IPv6).")
    var ip: String?
    @Option(help: "host.name.")
    var host: String?
    @Option(help: "event.outcome: success, failure, unknown.")
    var outcome: String?
    @Option(help: "One of event.category.")
    var category: String?
    @Option(help: "event.code.")
    var code: String?
    @Option(name: .customLong("where"), help: "An SQL boolean expression over the index columns.")
    var whereSQL: String?

    @Option(help: "table, ndjson, json or csv.")
    var format: OutputFormat = .table
    @Option(help: "Columns for table and csv (comma-separated index columns).")
    var fields: String?
    @Option(help: "At most this many events (default 100 on a terminal, no limit in a pipe).")
    var limit: Int?
    @Flag(help: "Newest first.")
    var reverse = false
    @Option(help: "Count events grouped by these index columns (comma-separated; 'date' too).")
    var countBy: String?
    @Option(help: "Run a read-only SQL statement against the index instead.")
    var sql: String?

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case table, ndjson, json, csv
    }

    /// The filter the options describe (`now` anchors relative times).
    func filter(now: Timestamp) throws -> QueryFilter {
        var f = QueryFilter()
        for (text, name) in [(since, "--since"), (until, "--until")] {
            guard let text else { continue }
            guard let t = TimeBound.parse(text, now: now) else {
                throw ValidationError("\(name) \(text): not a date (2026-11-01), a UTC time (2026-11-01T08:00:00Z) or a duration (24h, 7d)")
            }
            if name == "--since" { f.since = t } else { f.until = t }
        }
        if let ip {
            guard let range = IPRange(ip) else { throw ValidationError("--ip \(ip): not an IP address or CIDR range") }
            f.ip = range
        }
        f.datasets = dataset
        f.action = action
        f.user = user
        f.relatedUser = relatedUser
        f.host = host
        f.outcome = outcome
        f.category = category
        f.code = code
        f.whereSQL = whereSQL
        return f
    }

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        if fields != nil && (format == .ndjson || format == .json) && countBy == nil && sql == nil {
            throw ValidationError("--fields applies to table and csv output; ndjson and json print whole events")
        }
        do {
            if let fields { try LakeQuery.validate(fields: split(fields)) }
            if let countBy { try LakeQuery.validate(fields: split(countBy), allowDate: true) }
            _ = try filter(now: .now())
        } catch let error as QueryError {
            throw ValidationError(error.message)
        }
    }

    func run() throws {
        var stderr = StandardError()
        do {
            let query = try LakeQuery(lake: lake)
            if relatedUser != nil, let note = query.relatedUserNote { print("auditlake query: note: \(note)", to: &stderr) }
            let limit = self.limit ?? (Terminal.stdoutIsTerminal ? 100 : nil)
            var printed = 0
            if let sql {
                let result = try query.sql(sql)
                printed = result.rows.count
                if printed > 0 { Terminal.write(render(result.columns, result.rows)) }
            } else if let countBy {
                let result = try query.count(by: split(countBy), filter(now: .now()), limit: limit)
                printed = result.rows.count
                if printed > 0 { Terminal.write(render(result.columns, result.rows)) }
            } else {
                printed = try printEvents(query, limit: limit)
            }
            if printed == 0 && Terminal.stderrIsTerminal { print("no events match", to: &stderr) }
        } catch let error as QueryError {
            print("auditlake query: \(error.message)", to: &stderr)
            throw ExitCode(2)
        } catch let error as ValidationError {
            throw error
        } catch {
            print("auditlake query: \(error)", to: &stderr)
            throw ExitCode(3)
        }
    }

    private func printEvents(_ query: LakeQuery, limit: Int?) throws -> Int {
        // By related user, the account acted on matters as much as the acting one.
        let columns = fields.map(split)
            ?? ["time", "dataset", "action", "outcome", "account"] + (relatedUser != nil ? ["target_user_name"] : []) + ["source_ip"]
        var rows: [[String?]] = []
        var out: [UInt8] = []
        var count = 0
        try query.events(filter(now: .now()), fields: columns, reverse: reverse, limit: limit) { row in
            count += 1
            switch format {
            case .table, .csv:
                rows.append(row.values)
            case .ndjson, .json:
                if format == .json { out += count == 1 ? Array("[\n".utf8) : Array(",\n".utf8) }
                out += try query.record(row)
                if format == .ndjson { out.append(0x0A) }
                if out.count >= 1 << 20 {
                    Terminal.write(String(decoding: out, as: UTF8.self))
                    out.removeAll(keepingCapacity: true)
                }
            }
        }
        if format == .json && count > 0 { out += Array("\n]\n".utf8) }
        if !out.isEmpty { Terminal.write(String(decoding: out, as: UTF8.self)) }
        if count > 0 && (format == .table || format == .csv) { Terminal.write(render(columns, rows)) }
        return count
    }

    private func render(_ columns: [String], _ rows: [[String?]]) -> String {
        switch format {
        case .table: return ResultFormatter.table(columns, rows, width: Terminal.width)
        case .csv: return ResultFormatter.csv(columns, rows)
        case .json: return ResultFormatter.json(columns, rows, array: true)
        case .ndjson: return ResultFormatter.json(columns, rows, array: false)
        }
    }

    private func split(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
