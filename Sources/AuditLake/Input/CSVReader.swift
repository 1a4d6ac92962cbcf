// CSVReader: a streaming RFC 4180 reader. Chunks of any size in, rows out; quoted fields may
// hold commas, doubled quotes and line breaks (CRLF or LF); a UTF-8 BOM before the header is
// skipped. Lenient where exports are sloppy: a quote inside an unquoted field is kept as text,
// and text after a closing quote is appended. A quoted field still open at the end of the input
// is an error naming the line where the row began.

/// One CSV row: its fields (unquoted bytes) and where it began.
public struct CSVRow {
    /// The fields, quotes removed and doubled quotes undoubled.
    public var fields: [[UInt8]]
    /// Byte offset of the row's first byte.
    public var offset: Int
    /// 1-based line of the row's first byte.
    public var line: Int
}

/// Splits a byte stream into CSV rows.
public final class CSVReader {
    private var fields: [[UInt8]] = []
    private var field: [UInt8] = []
    private var inQuotes = false
    private var afterQuote = false
    private var fieldStarted = false
    private var pendingCR = false
    private var position = 0
    private var line = 1
    private var rowOffset = 0
    private var rowLine = 1
    /// Bytes of the UTF-8 BOM matched so far at the start; -1 once past it.
    private var bomMatched = 0
    private var rows: [CSVRow] = []

    /// A reader at the start of its input.
    public init() {}

    /// Reads `bytes`; returns the rows completed by them.
    public func append(_ bytes: UnsafeRawBufferPointer) -> [CSVRow] {
        rows.removeAll(keepingCapacity: true)
        for b in bytes {
            position += 1
            if bomMatched >= 0 {
                if b == CSVReader.bom[bomMatched] {
                    bomMatched += 1
                    if bomMatched == 3 {
                        bomMatched = -1
                        rowOffset = 3
                    }
                    continue
                }
                let partial = CSVReader.bom[0..<bomMatched]
                bomMatched = -1
                for p in partial { consume(p) }
            }
            consume(b)
        }
        return rows
    }

    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    private func consume(_ b: UInt8) {
        if pendingCR {
            pendingCR = false
            if b == 0x0A {
                rowOffset = position
                return
            }
        }
        if inQuotes {
            if b == UInt8(ascii: "\"") {
                inQuotes = false
                afterQuote = true
            } else {
                if b == 0x0A { line += 1 }
                field.append(b)
            }
            return
        }
        switch b {
        case UInt8(ascii: "\""):
            if afterQuote {
                field.append(b)  // doubled quote inside a quoted field
                inQuotes = true
                afterQuote = false
            } else if !fieldStarted {
                inQuotes = true
                fieldStarted = true
            } else {
                field.append(b)
            }
        case UInt8(ascii: ","):
            endField()
        case 0x0A, 0x0D:
            pendingCR = b == 0x0D
            line += 1
            endRow()
        default:
            afterQuote = false
            fieldStarted = true
            field.append(b)
        }
    }

    /// Ends the input: the last row (if unterminated) or an error for an open quoted field.
    public func finish() -> Result<CSVRow?, RecordError> {
        rows.removeAll()
        if bomMatched > 0 {
            let partial = CSVReader.bom[0..<bomMatched]
            bomMatched = -1
            for p in partial { consume(p) }
        }
        if inQuotes {
            return .failure(RecordError("quoted CSV field opened on line \(rowLine) is never closed (truncated file?)"))
        }
        if fieldStarted || !fields.isEmpty { endRow() }
        return .success(rows.first)
    }

    /// Reads `source` to its end in 1 MiB pieces, calling `row` for every row in order: the
    /// bytes read, the source's error (which ends the reading), and the error of a quoted field
    /// still open at the end (the input was cut short).
    public static func read(
        _ source: ByteSource, row: (CSVRow) throws -> Void
    ) throws -> (bytes: Int, inputError: InputError?, unclosed: RecordError?) {
        let reader = CSVReader()
        var bytes = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        do {
            while true {
                let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { break }
                bytes += n
                let rows = chunk.withUnsafeBytes { reader.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                for r in rows { try row(r) }
            }
        } catch let error as InputError {
            return (bytes, error, nil)
        }
        switch reader.finish() {
        case .success(let last):
            if let last { try row(last) }
            return (bytes, nil, nil)
        case .failure(let error):
            return (bytes, nil, error)
        }
    }

    private func endField() {
        fields.append(field)
        field.removeAll(keepingCapacity: true)
        fieldStarted = false
        afterQuote = false
    }

    private func endRow() {
        endField()
        let blank = fields.count == 1 && fields[0].isEmpty
        if !blank { rows.append(CSVRow(fields: fields, offset: rowOffset, line: rowLine)) }
        fields.removeAll(keepingCapacity: true)
        rowOffset = position
        rowLine = line
    }
}
