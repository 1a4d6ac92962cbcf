import EVTX
import JSONStream

/// Splunk search results exported as CSV (`_time,host,source,sourcetype,_raw,...`): the `_raw`
/// column, found by name, holds each event as it was indexed. A Windows event rendered as XML
/// (`XmlWinEventLog`) is read as the XML forms are; a JSON object as a JSON record; anything else
/// as a log line. Every row is one record: an event, or a reject naming the row's line.
enum SplunkCSV {
    /// True when the first line of a CSV file names a `_raw` column.
    static func matches(header: ArraySlice<UInt8>) -> Bool {
        header.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).contains { field in
            var name = String(decoding: field, as: UTF8.self).trimmingASCIIWhitespace()
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
            return name == "_raw"
        }
    }

    /// Reads the CSV in `source`, handing each row's `_raw` event to `handle`.
    static func read(
        _ source: ByteSource, path: String, counts: inout InputCounts, _ handle: (InputItem) throws -> Void
    ) throws -> (Int, InputError?) {
        let reader = CSVReader()
        let fileTime = source.modificationTime
        var column: Int?
        var bytes = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
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
            let raw = row.fields[index]
            let text = raw.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
            switch text.first {
            case UInt8(ascii: "<") where SyslogHeader.parse(text) == nil:  // `<34>...` is a syslog priority
                try xml(raw, row)
            case UInt8(ascii: "{"):
                let parser = JSONRecordStream(options: JSONStreamOptions(singleValue: true))
                parser.append(raw)
                parser.finish()
                switch parser.next() {
                case .record(let record)?:
                    try handle(.record(record.root, offset: row.offset, line: row.line, raw: record.bytes))
                case .failure(let failure)?:
                    try reject(row, "_raw is not valid JSON (\(failure.error.description))", raw)
                case nil:
                    try reject(row, "_raw is empty", [])
                }
            case nil:
                try reject(row, "_raw is empty", [])
            default:
                try handle(.line(raw[...], offset: row.offset, line: row.line, fileTime: fileTime))
            }
        }
        // One Windows event in XML: any failure, or anything but exactly one <Event>, is the row's reject.
        func xml(_ raw: [UInt8], _ row: CSVRow) throws {
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
            if let failure { return try reject(row, "_raw is not a whole Windows event: \(failure)", raw) }
            guard found.count == 1, let event = WindowsEvent(element: found[0]) else {
                return try reject(row, found.isEmpty ? "_raw holds no <Event>" : found.count > 1 ? "_raw holds \(found.count) events"
                                  : "<Event> without <System>", raw)
            }
            try handle(.windows(event, offset: row.offset, line: row.line, fallbackTime: nil))
        }
        do {
            while true {
                let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { break }
                bytes += n
                let rows = chunk.withUnsafeBytes { reader.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                for r in rows { try row(r) }
            }
        } catch let error as InputError {
            return (bytes, error)
        }
        switch reader.finish() {
        case .success(let last): if let last { try row(last) }
        case .failure(let error):
            counts.records += 1
            counts.rejects += 1
            try handle(.reject(Reject(file: path, offset: bytes, line: 0, reason: error.reason, raw: [])))
        }
        return (bytes, nil)
    }
}
