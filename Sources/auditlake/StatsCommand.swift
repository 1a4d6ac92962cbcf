import ArgumentParser
import AuditLake

/// `auditlake stats DIR`: what is in the lake at a glance.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Summarize a lake: events per dataset and day, time span, top actions, users and IPs, runs."
    )

    @Argument(help: "The lake folder.")
    var lake: String

    @Option(help: "table or json.")
    var format: Format = .table

    @Option(help: "Rows in each top-N list.")
    var top: Int = 10

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    func run() throws {
        var stderr = StandardError()
        do {
            let stats = try LakeStats(LakeQuery(lake: lake), top: top)
            Terminal.write(format == .json ? stats.json() : stats.table(width: Terminal.width))
        } catch let error as QueryError {
            print("auditlake stats: \(error.message)", to: &stderr)
            throw ExitCode(2)
        } catch {
            print("auditlake stats: \(error)", to: &stderr)
            throw ExitCode(3)
        }
    }
}
