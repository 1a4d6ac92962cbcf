import EVTX
import JSONStream

/// One thing read from an input: a JSON record to map, or a reject.
public enum InputItem {
    /// A record, its position, and its raw text (valid only during the handler call).
    case record(JSONValue, offset: Int, line: Int, raw: UnsafeRawBufferPointer)
    /// A Windows event, its byte offset, and the record header's time (used only when
    /// TimeCreated is unreadable).
    case windows(WindowsEvent, offset: Int, line: Int, fallbackTime: Timestamp?)
    /// An event already mapped (EVTX records are mapped where their chunk is read), or why the
    /// record cannot be one, and its byte offset.
    case event(Result<Event, RecordError>, offset: Int, line: Int)
    /// An event already mapped and encoded, with its `log.*` fields set (EVTX records are both
    /// where their chunk is read): its NDJSON line is valid only during the handler call.
    case encoded(Event, line: UnsafeRawBufferPointer, offset: Int)
    /// A journal entry from `journalctl -o export`, its position and raw text (valid only during
    /// the handler call).
    case journal(JournalEntry, offset: Int, line: Int, raw: UnsafeRawBufferPointer)
    /// A text line (syslog), its position, and the input's modification time (for the year).
    case line(ArraySlice<UInt8>, offset: Int, line: Int, fileTime: Timestamp?)
    /// Something that could not be read.
    case reject(Reject)
}

/// Opens one input, finds its format, and hands out its records: JSON (NDJSON, arrays, wrapped
/// arrays) or a Purview CSV export whose `AuditData` column holds each record's JSON.
public struct InputReader {
    /// Read every input as this format instead of detecting it.
    public var forcedFormat: InputFormat?
    /// The EVTX chunk workers, with their compiled templates, for every file this reader reads.
    private let evtxWorkers = EVTXWorkers()

    /// The formats an input can be read as.
    public enum InputFormat: String, Sendable, CaseIterable {
        /// JSON in any layout.
        case json
        /// A CSV export with an `AuditData` column.
        case csv
        /// A Splunk CSV export with a `_raw` column (Windows XML, JSON or log lines).
        case splunk
        /// A Windows EVTX file.
        case evtx
        /// Windows event XML (wevtutil, Event Viewer).
        case xml
        /// Syslog and auth logs (RFC 3164, RFC 5424, RFC 3339 lines).
        case syslog
        /// The journal's export format (`journalctl -o export`).
        case journal
    }

    /// A reader that detects formats unless `forcedFormat` is set.
    public init(forcedFormat: InputFormat? = nil) { self.forcedFormat = forcedFormat }

    /// Reads `path`, calling `handle` for every item in input order; returns the file's counts
    /// (bytes, format, error) with records/rejects counted as read.
    public func read(_ path: String, handle: (InputItem) throws -> Void) throws -> InputCounts {
        var counts = InputCounts(path: path)
        let opened: InputOpener.Opened
        do {
            opened = try InputOpener.open(path)
        } catch {
            let message = (error as? InputError)?.message ?? "\(error)"
            counts.error = message
            counts.records = 1
            counts.rejects = 1
            try handle(.reject(Reject(file: path, offset: 0, line: 0, reason: message, raw: [])))
            return counts
        }
        var source = opened.source
        var head = opened.head
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            // UTF-16 text (wevtutil /uni:true, PowerShell 5): read it as UTF-8.
            let transcoded = PeekableSource(UTF16Source(opened.source, bigEndian: head[0] == 0xFE))
            source = transcoded
            head = transcoded.peek(4096)
        }
        let format = forcedFormat ?? detect(head)
        guard let format else {
            let reason = "not a supported format: \(FormatSniffer.sniff(opened.head).reason)"
            counts.error = reason
            counts.records = 1
            counts.rejects = 1
            try handle(.reject(Reject(file: path, offset: 0, line: 1, reason: reason, raw: Array(head.prefix(256)))))
            return counts
        }
        counts.format = format.rawValue
        let inputError: InputError?
        switch format {
        case .json: (counts.bytes, inputError) = try readJSON(source, path: path, counts: &counts, handle)
        case .csv: (counts.bytes, inputError) = try PurviewCSV.read(source, path: path, counts: &counts, handle)
        case .splunk: (counts.bytes, inputError) = try SplunkExport.read(source, path: path, counts: &counts, handle)
        case .xml: (counts.bytes, inputError) = try readXML(source, path: path, counts: &counts, handle)
        case .syslog: (counts.bytes, inputError) = try readLines(source, path: path, counts: &counts, handle)
        case .journal: (counts.bytes, inputError) = try readJournal(source, path: path, counts: &counts, handle)
        case .evtx:
            let result = try EVTXInput.read(source, path: path, workers: evtxWorkers, handle: handle)
            counts.bytes = result.bytes
            counts.records += result.stats.records + result.stats.errors
            counts.rejects += result.stats.errors
            inputError = result.error
        }
        if let inputError {
            counts.error = inputError.message
            counts.records += 1
            counts.rejects += 1
            try handle(.reject(Reject(file: path, offset: counts.bytes, line: 0, reason: inputError.message, raw: [])))
        }
        return counts
    }

    /// JSON when the text starts with `{` or `[`; CSV when its first line names `AuditData`, a
    /// Splunk export when it names `_raw`.
    func detect(_ head: [UInt8]) -> InputFormat? {
        let sniffed = FormatSniffer.sniff(head)
        if sniffed.format == .evtx { return .evtx }
        let firstLine = head.prefix { $0 != 0x0A && $0 != 0x0D }
        // `journalctl -o export` starts every entry with its address fields.
        for start in ["__CURSOR=", "__REALTIME_TIMESTAMP=", "__MONOTONIC_TIMESTAMP="] where firstLine.starts(with: start.utf8) { return .journal }
        // `<34>...` is a syslog priority, not XML.
        if firstLine.first == UInt8(ascii: "<"), SyslogHeader.parse(firstLine[...]) != nil { return .syslog }
        if sniffed.format == .xml { return .xml }
        if sniffed.format == .json { return .json }
        guard sniffed.format == .text else { return nil }
        if String(decoding: firstLine, as: UTF8.self).lowercased().has("auditdata") { return .csv }
        if SplunkExport.matches(header: firstLine) { return .splunk }
        return SyslogHeader.parse(firstLine) != nil ? .syslog : nil
    }

    /// Lines of text (LF or CRLF); blank lines are not records.
    private func readLines(
        _ source: ByteSource, path: String, counts: inout InputCounts, _ handle: (InputItem) throws -> Void
    ) throws -> (Int, InputError?) {
        let fileTime = source.modificationTime
        let framer = LineFramer()
        func line(_ text: ArraySlice<UInt8>, _ offset: Int, _ number: Int) throws {
            counts.records += 1
            try handle(.line(text, offset: offset, line: number, fileTime: fileTime))
        }
        let (bytes, inputError) = try pump(source) { try framer.append($0, line) }
        try framer.finish(line)
        return (bytes, inputError)
    }

    /// Journal export entries (`journalctl -o export`); damaged ones are rejects.
    private func readJournal(
        _ source: ByteSource, path: String, counts: inout InputCounts, _ handle: (InputItem) throws -> Void
    ) throws -> (Int, InputError?) {
        let reader = JournalExportReader()
        func step(_ step: JournalExportReader.Step) throws {
            counts.records += 1
            switch step {
            case .entry(let entry, let offset, let line, let raw):
                try handle(.journal(entry, offset: offset, line: line, raw: raw))
            case .failure(let reason, let offset, let line):
                counts.rejects += 1
                try handle(.reject(Reject(file: path, offset: offset, line: line, reason: reason, raw: [])))
            }
        }
        let (bytes, inputError) = try pump(source) { try reader.append($0, step) }
        try reader.finish(step)
        return (bytes, inputError)
    }

    private func readXML(
        _ source: ByteSource, path: String, counts: inout InputCounts, _ handle: (InputItem) throws -> Void
    ) throws -> (Int, InputError?) {
        let reader = EventXMLReader()
        func drain() throws {
            while let step = reader.next() {
                counts.records += 1
                switch step {
                case .event(let element, let offset, let line):
                    if let event = WindowsEvent(element: element) {
                        try handle(.windows(event, offset: offset, line: line, fallbackTime: nil))
                    } else {
                        counts.rejects += 1
                        try handle(.reject(Reject(file: path, offset: offset, line: line, reason: "<Event> without <System>", raw: [])))
                    }
                case .failure(let reason, let offset, let line):
                    counts.rejects += 1
                    try handle(.reject(Reject(file: path, offset: offset, line: line, reason: reason, raw: [])))
                }
            }
        }
        let (bytes, inputError) = try pump(source) {
            reader.append($0)
            try drain()
        }
        reader.finish()
        try drain()
        return (bytes, inputError)
    }

    /// Reads `source` to its end in 1 MiB pieces, handing each to `feed`; returns the bytes read
    /// and the read error that ended the input early, if one did.
    private func pump(_ source: ByteSource, _ feed: (UnsafeRawBufferPointer) throws -> Void) throws -> (Int, InputError?) {
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var bytes = 0
        do {
            while true {
                let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { return (bytes, nil) }
                bytes += n
                try chunk.withUnsafeBytes { try feed(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            }
        } catch let error as InputError {
            return (bytes, error)
        }
    }

    private func readJSON(
        _ source: ByteSource, path: String, counts: inout InputCounts, _ handle: (InputItem) throws -> Void
    ) throws -> (Int, InputError?) {
        let fileTime = source.modificationTime
        // A Splunk JSON export is known by its first record; no other file pays for the question.
        var splunk: Bool?
        let summary = try JSONFileReader().read(source) { event in
            counts.records += 1
            switch event {
            case .record(let record):
                if splunk == nil { splunk = SplunkExport.raw(of: record.root) != nil }
                if splunk == true, let raw = SplunkExport.raw(of: record.root) {
                    // The event is what `_raw` holds.
                    try SplunkExport.raw(raw, offset: record.offset, line: record.line, path: path, fileTime: fileTime, counts: &counts, handle)
                } else {
                    try handle(.record(record.root, offset: record.offset, line: record.line, raw: record.bytes))
                }
            case .failure(let failure):
                counts.rejects += 1
                var reason = "invalid JSON: \(failure.error)"
                if failure.isFatal { reason += "; the rest of the input cannot be read" }
                try handle(.reject(Reject(file: path, offset: failure.recordOffset, line: failure.recordLine, reason: reason, raw: failure.raw)))
            }
        }
        return (summary.bytes, summary.inputError)
    }
}
