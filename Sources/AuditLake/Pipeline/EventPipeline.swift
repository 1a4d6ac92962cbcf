import JSONStream

/// Where a run's events and rejects go: the lake (`LakeWriter`) or a stream (`StreamSink`).
public protocol EventSink: AnyObject {
    /// Stores one event whose NDJSON line is `line`.
    func write(_ event: Event, line: UnsafeRawBufferPointer) throws
    /// Stores one reject.
    func reject(_ reject: Reject) throws
    /// True the first time the destination meets this dedupe key (in this run or, for a lake, any earlier one).
    func admit(_ key: String) throws -> Bool
}

/// What a run does with records: options shared by `ingest` and `convert`.
public struct PipelineOptions: Sendable {
    /// Keep each raw record in `event.original`.
    public var keepOriginal = false
    /// Read inputs as this format instead of detecting it.
    public var forcedFormat: InputReader.InputFormat?
    /// Years and zones for syslog lines (`--year`, `--timezone`); the file time is set per input.
    public var clock = SyslogClock()

    /// The defaults.
    public init(keepOriginal: Bool = false, forcedFormat: InputReader.InputFormat? = nil, clock: SyslogClock = SyslogClock()) {
        self.keepOriginal = keepOriginal
        self.forcedFormat = forcedFormat
        self.clock = clock
    }
}

/// discover → open → detect → decode → normalize → dedupe → sink, for every input in order.
public struct EventPipeline {
    let options: PipelineOptions

    /// A pipeline with `options`.
    public init(options: PipelineOptions) { self.options = options }

    /// Runs over `inputs` (files, folders, `-`), writing into `sink`; returns the counts.
    public func run(inputs: [String], into sink: EventSink) throws -> RunCounts {
        var counts = RunCounts()
        var mapper = M365Mapper(keepOriginal: options.keepOriginal)
        var windows = WindowsMapper()
        var syslog = SyslogMapper(clock: options.clock)
        var encoder = EventEncoder()
        // Syslog lines and EVTX records are mapped into this one event, over and over.
        var recycled = Event(timestamp: Timestamp(nanoseconds: 0), dataset: "")
        let reader = InputReader(forcedFormat: options.forcedFormat)
        for path in Discovery.files(inputs) {
            var events = 0, duplicates = 0, mappingRejects = 0
            var file = try reader.read(path) { item in
                switch item {
                case .reject(let reject):
                    try sink.reject(reject)
                case .line(let text, let offset, let line, let fileTime):
                    syslog.clock.fileTime = fileTime
                    if let error = syslog.map(line: text, into: &recycled) {
                        try text.withUnsafeBytes { try reject(error, offset: offset, line: line, raw: $0) }
                    } else {
                        try text.withUnsafeBytes { try deliver(&recycled, offset: offset, line: line, raw: $0) }
                    }
                case .windows(let event, let offset, let line, let fallbackTime):
                    if let error = windows.map(event, fallbackTime: fallbackTime, into: &recycled) {
                        try reject(error, offset: offset, line: line, raw: nil)
                    } else {
                        try deliver(&recycled, offset: offset, line: line, raw: nil)
                    }
                case .event(let result, let offset, let line):
                    try deliver(result, offset: offset, line: line, raw: nil)
                case .encoded(let event, let line, _):
                    if try admit(event) { try write(event, line) }
                case .journal(let entry, let offset, let line, let raw):
                    try deliver(JournaldMapper.map(entry), offset: offset, line: line, raw: raw)
                case .record(let value, let offset, let line, let raw):
                    // JSON carries M365 records unless it is one of the Windows event shapes.
                    if let event = WindowsJSON.event(value) {
                        try deliver(windows.map(event), offset: offset, line: line, raw: raw)
                    } else if JournaldMapper.matches(value) {
                        try deliver(JournaldMapper.map(value), offset: offset, line: line, raw: raw)
                    } else if FilebeatJournaldMapper.matches(value) {
                        try deliver(FilebeatJournaldMapper.map(value), offset: offset, line: line, raw: raw)
                    } else {
                        try deliver(mapper.map(value), offset: offset, line: line, raw: raw)
                    }
                }
            }
            func deliver(_ result: Result<Event, RecordError>, offset: Int, line: Int, raw: UnsafeRawBufferPointer?) throws {
                switch result {
                case .success(var event): try deliver(&event, offset: offset, line: line, raw: raw)
                case .failure(let error): try reject(error, offset: offset, line: line, raw: raw)
                }
            }
            func deliver(_ event: inout Event, offset: Int, line: Int, raw: UnsafeRawBufferPointer?) throws {
                guard try admit(event) else { return }
                // Text inputs keep their record as read (EVTX records have no text form).
                if options.keepOriginal, event.original == nil, let raw { event.original = String(decoding: raw, as: UTF8.self) }
                event.logPath = path
                event.logOffset = offset
                event.logLine = line
                try encoder.withEncoded(event) { try write(event, $0) }
            }
            /// False for a duplicate (counted).
            func admit(_ event: borrowing Event) throws -> Bool {
                if let key = Deduplicator.key(of: event), try !sink.admit(key) {
                    duplicates += 1
                    return false
                }
                return true
            }
            func write(_ event: borrowing Event, _ line: UnsafeRawBufferPointer) throws {
                try sink.write(event, line: line)
                counts.perDataset[event.dataset, default: 0] += 1
                events += 1
            }
            func reject(_ error: RecordError, offset: Int, line: Int, raw: UnsafeRawBufferPointer?) throws {
                mappingRejects += 1
                try sink.reject(Reject(file: path, offset: offset, line: line, reason: error.reason, raw: raw.map(Array.init) ?? []))
            }
            file.events = events
            file.duplicates = duplicates
            file.rejects += mappingRejects
            counts.inputs.append(file)
        }
        return counts
    }
}
