import ArgumentParser
import AuditLake
#if canImport(Glibc)
import Glibc
#endif

/// `auditlake convert INPUT... [-o FILE]`: normalized NDJSON to stdout or a file.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Normalize audit logs to NDJSON on stdout or in a file.",
        discussion: """
            Events come out in input order, without partitions or index; rejects are reported on \
            stderr, then a summary. With -o, the file appears only when the run completes (gzip \
            when its name ends in .gz). Exit status: 0 clean; 1 some records or files were \
            rejected; 2 usage error; 3 fatal.
            """
    )

    @Argument(help: "Input files or folders (searched recursively); '-' reads standard input.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "Write to this file instead of stdout.")
    var output: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        var stderr = StandardError()
        let started = Timestamp.now()
        let target = output ?? "-"
        let temporary = output.map { $0 + ".tmp-\(getpid())" } ?? "-"
        do {
            let sink = try StreamSink(output: FileOutput(path: temporary), compress: target.hasSuffix(".gz")) { line in
                var stderr = StandardError()
                print(line, to: &stderr)
            }
            let counts = try EventPipeline(options: common.pipelineOptions).run(inputs: inputs, into: sink)
            try sink.finish()
            if temporary != "-", rename(temporary, target) != 0 {
                throw OutputError(path: target, message: "cannot move the finished file into place")
            }
            print(counts.summary(command: "auditlake convert", elapsed: started.seconds(to: .now())), to: &stderr)
            if counts.rejects > 0 { throw ExitCode(1) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            if temporary != "-" { unlink(temporary) }
            print("auditlake convert: fatal: \(error)", to: &stderr)
            throw ExitCode(3)
        }
    }
}
