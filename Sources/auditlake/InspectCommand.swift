import ArgumentParser
import AuditLake

/// `auditlake inspect FILE...`: what each input is and whether it reads cleanly.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Report each input's format, layout, record count and first error.",
        discussion: """
            gzip input is inflated transparently (detected by its magic bytes). For JSON the \
            layout is one of ndjson, array, wrapped-array (a "value" or "records" array inside \
            an object) or value. Exit status: 0 every input clean, 1 any record or input \
            failed, 2 usage error.
            """
    )

    @Argument(help: "Input files; '-' reads standard input.")
    var inputs: [String]

    @Option(help: "Read inputs as this format instead of detecting it (json).")
    var format: InputFormatOption?

    func run() throws {
        let inspector = Inspector(forcedFormat: format?.logFormat)
        var allClean = true
        for path in inputs {
            let report = inspector.inspect(path: path)
            print(InspectFormatter.line(for: report))
            allClean = allClean && report.isClean
        }
        if !allClean { throw ExitCode(1) }
    }
}

/// The formats `--format` accepts.
enum InputFormatOption: String, ExpressibleByArgument, CaseIterable {
    case json

    var logFormat: LogFormat {
        switch self {
        case .json: return .json
        }
    }
}
