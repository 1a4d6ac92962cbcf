import ArgumentParser
import AuditLake

/// The `auditlake` command: a thin shell over the AuditLake library.
@main
struct AuditLakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auditlake",
        abstract: "Normalize security audit logs into a partitioned, indexed lake.",
        discussion: """
            Exit status: 0 clean; 1 some records or files failed (the rest was processed); \
            2 usage error; 3 fatal error.
            """,
        subcommands: [IngestCommand.self, ConvertCommand.self, QueryCommand.self, StatsCommand.self, InspectCommand.self]
    )

    /// Runs the command, mapping usage errors to exit status 2 (ArgumentParser's default is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                // One line naming the problem (`--help` shows the usage).
                var stderr = StandardError()
                print("auditlake: " + Self.message(for: error), to: &stderr)
                Self.exit(withError: ExitCode(2))
            }
            Self.exit(withError: error)
        }
    }
}
