import EVTX
import JSONStream

/// Splunk search results exported as CSV (`_time,host,source,sourcetype,_raw,...`) or JSON
/// (`{"preview":false,"result":{"_raw":...}}` per line, or objects with a top-level `_raw`): each
/// event's `_raw` holds it as it was indexed. A Windows event rendered as XML (`XmlWinEventLog`)
/// is read as the XML forms are; a JSON object as a JSON record; anything else as a log line.
/// Every row or object is one record: an event, or a reject naming its line.
enum SplunkExport {
    /// The `_raw` text of a JSON export's object (`result._raw`, or `_raw` beside `_time`).
    static func raw(of value: JSONValue) -> [UInt8]? {
        if let result = value["result"], let raw = result["_raw"]?.string { return Array(raw.utf8) }
        if value["_time"] != nil, let raw = value["_raw"]?.string { return Array(raw.utf8) }
        return nil
    }

    /// True when the first line of a CSV file names a `_raw` column.
    static func matches(header: ArraySlice<UInt8>) -> Bool {
        header.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).contains { field in
            var name = String(decoding: field, as: UTF8.self).trimmingASCIIWhitespace()
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
            return name == "_raw"
        }
    }

    /// One event as Splunk indexed it (a `_raw` text, counted already), handed on as what it
    /// holds: a Windows event as XML, a JSON document, or a log line; a reject naming its
    /// position when it is none of them whole.
    static func raw(
        _ raw: [UInt8], offset: Int, line: Int, path: String, fileTime: Timestamp?, counts: inout InputCounts,
        _ handle: (InputItem) throws -> Void
    ) throws {
        func reject(_ reason: String, _ bytes: [UInt8]) throws {
            counts.rejects += 1
            try handle(.reject(Reject(file: path, offset: offset, line: line, reason: reason, raw: bytes)))
        }
        let text = raw.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        switch text.first {
        case UInt8(ascii: "<") where SyslogHeader.parse(text) == nil:  // `<34>...` is a syslog priority
            // One Windows event in XML: any failure, or anything but exactly one <Event>, is a reject.
            let events = EventXMLReader()
            raw.withUnsafeBytes { events.append($0) }
            events.finish()
            var found: [EventElement] = []
            var failure: String?
            while let step = events.next() {
                switch step {
                case .event(let element, _, _): found.append(element)
                case .failure(let reason, _, _): failure = failure ?? reason
                }
            }
            if let failure { return try reject("_raw is not a whole Windows event: \(failure)", raw) }
            guard found.count == 1, let event = WindowsEvent(element: found[0]) else {
                return try reject(found.isEmpty ? "_raw holds no <Event>" : found.count > 1 ? "_raw holds \(found.count) events"
                                  : "<Event> without <System>", raw)
            }
            try handle(.windows(event, offset: offset, line: line, fallbackTime: nil))
        case UInt8(ascii: "{"):
            let parser = JSONRecordStream(options: JSONStreamOptions(singleValue: true))
            parser.append(raw)
            parser.finish()
            switch parser.next() {
            case .record(let record)?:
                try handle(.record(record.root, offset: offset, line: line, raw: record.bytes))
            case .failure(let failure)?:
                try reject("_raw is not valid JSON (\(failure.error.description))", raw)
            case nil:
                try reject("_raw is empty", [])
            }
        case nil:
            try reject("_raw is empty", [])
        default:
            try handle(.line(raw[...], offset: offset, line: line, fileTime: fileTime))
        }
    }

    /// Reads the CSV in `source`, handing each row's `_raw` event to `handle`.
    static func read(
        _ source: ByteSource, path: String, counts: inout InputCounts, _ handle: (InputItem) throws -> Void
    ) throws -> (Int, InputError?) {
        let fileTime = source.modificationTime
        var column: Int?
        func reject(_ row: CSVRow, _ reason: String, _ raw: [UInt8]) throws {
            counts.rejects += 1
            try handle(.reject(Reject(file: path, offset: row.offset, line: row.line, reason: reason, raw: raw)))
        }
        func row(_ row: CSVRow) throws {
            guard let index = column else {
                column = row.fields.firstIndex { String(decoding: $0, as: UTF8.self).trimmingASCIIWhitespace() == "_raw" }
                return
            }
            counts.records += 1
            guard index < row.fields.count else {
                return try reject(row, "row has \(row.fields.count) fields, no _raw (column \(index + 1))", Array(row.fields.joined(separator: [0x2C])))
            }
            try SplunkExport.raw(row.fields[index], offset: row.offset, line: row.line, path: path, fileTime: fileTime,
                              counts: &counts, handle)
        }
        let (bytes, inputError, unclosed) = try CSVReader.read(source, row: row)
        if let unclosed {
            counts.records += 1
            counts.rejects += 1
            try handle(.reject(Reject(file: path, offset: bytes, line: 0, reason: unclosed.reason, raw: [])))
        }
        return (bytes, inputError)
    }
}
