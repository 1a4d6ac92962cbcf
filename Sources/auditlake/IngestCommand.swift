import ArgumentParser
import AuditLake

/// `auditlake ingest INPUT... --out DIR`: normalize inputs into a partitioned, indexed lake.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Normalize audit logs into a partitioned, indexed lake.",
        discussion: """
            Writes DIR/dataset=<dataset>/date=<YYYY-MM-DD>/part-<run>-<n>.ndjson.gz (gzip members of \
            about 256 KiB of NDJSON), DIR/index.sqlite, and DIR/_rejects/<run>.ndjson.gz for records \
            that could not be read. Nothing of a run is visible until it commits. A summary goes to \
            stderr. Exit status: 0 clean; 1 committed, but some records or files were rejected; \
            2 usage error; 3 fatal (nothing committed).
            """
    )

    @Argument(help: "Input files or folders (searched recursively); '-' reads standard input.")
    var inputs: [String]

    @Option(name: .long, help: "The lake folder (created if missing).")
    var out: String

    @OptionGroup var common: CommonOptions

    @Option(help: "gzip level of the part files, 0-9.")
    var compressionLevel: Int = 6

    func validate() throws {
        guard (0...9).contains(compressionLevel) else {
            throw ValidationError("--compression-level must be between 0 and 9, not \(compressionLevel)")
        }
    }

    func run() throws {
        var stderr = StandardError()
        let started = Timestamp.now()
        let lake: LakeWriter
        do {
            lake = try LakeWriter(lake: out, compressionLevel: Int32(compressionLevel), startedAt: started.rfc3339)
        } catch {
            print("auditlake ingest: cannot open the lake \(out): \(error)", to: &stderr)
            throw ExitCode(3)
        }
        do {
            let counts = try EventPipeline(options: common.pipelineOptions).run(inputs: inputs, into: lake)
            let finished = Timestamp.now()
            let rejects = try lake.commit(counts: counts, finishedAt: finished.rfc3339)
            var extra = ["  committed as run \(lake.runID) in \(out)"]
            if let rejects { extra.append("  rejects: \(out)/\(rejects)") }
            print(counts.summary(command: "auditlake ingest", elapsed: started.seconds(to: finished), extra: extra), to: &stderr)
            if counts.rejects > 0 { throw ExitCode(1) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            lake.abort()
            print("auditlake ingest: fatal: \(error); nothing was committed", to: &stderr)
            throw ExitCode(3)
        }
    }
}

/// Options shared by the commands that read inputs.
struct CommonOptions: ParsableArguments {
    @Option(help: "Read inputs as this format instead of detecting it (json, csv, splunk, evtx, xml, syslog, journal).")
    var format: InputReader.InputFormat?

    @Flag(help: "Keep each raw record in event.original.")
    var keepOriginal = false

    @Option(help: "Year of syslog lines that carry none (default: from each file's modification time).")
    var year: Int?

    @Option(help: "Zone of syslog lines without an offset: an IANA name (Europe/Berlin) or +02:00 (default UTC).")
    var timezone: String?

    func validate() throws {
        if let year, !(1970...9999).contains(year) { throw ValidationError("--year \(year) is not a year between 1970 and 9999") }
        if let timezone, SyslogClock.zone(timezone) == nil {
            throw ValidationError("--timezone \(timezone): not an IANA zone name (Europe/Berlin) or an offset (+02:00)")
        }
    }

    var pipelineOptions: PipelineOptions {
        let zone = timezone.flatMap(SyslogClock.zone) ?? .utc
        return PipelineOptions(
            keepOriginal: keepOriginal, forcedFormat: format,
            clock: SyslogClock(year: year, zone: zone))
    }
}

extension InputReader.InputFormat: ExpressibleByArgument {}
