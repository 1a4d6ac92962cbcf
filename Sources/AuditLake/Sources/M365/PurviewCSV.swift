import JSONStream

/// Purview audit-search CSV exports: the new column set (`RecordId,CreationDate,RecordType,
/// Operation,UserId,AuditData,...`) and the classic one (`CreationDate,UserIds,Operations,
/// AuditData`). The `AuditData` column, found by name, holds the record's JSON; time and
/// everything else come from that JSON, never from the locale-formatted CreationDate.
enum PurviewCSV {
    /// Reads the CSV in `source`, handing each row's parsed AuditData to `handle`.
    static func read(
        _ source: ByteSource, path: String, counts: inout InputCounts, _ handle: (InputItem) throws -> Void
    ) throws -> (Int, InputError?) {
        var column: Int?
        func row(_ row: CSVRow) throws {
            guard let index = column else {
                column = row.fields.firstIndex { String(decoding: $0, as: UTF8.self).trimmingASCIIWhitespace().lowercased() == "auditdata" }
                if column == nil {
                    counts.records += 1
                    counts.rejects += 1
                    try handle(.reject(Reject(file: path, offset: row.offset, line: row.line,
                                              reason: "CSV header has no AuditData column", raw: Array(row.fields.joined(separator: [0x2C])))))
                }
                return
            }
            counts.records += 1
            guard index < row.fields.count else {
                counts.rejects += 1
                try handle(.reject(Reject(file: path, offset: row.offset, line: row.line,
                                          reason: "row has \(row.fields.count) fields, no AuditData (column \(index + 1))",
                                          raw: Array(row.fields.joined(separator: [0x2C])))))
                return
            }
            let json = row.fields[index]
            let parser = JSONRecordStream(options: JSONStreamOptions(singleValue: true))
            parser.append(json)
            parser.finish()
            switch parser.next() {
            case .record(let record)?:
                try handle(.record(record.root, offset: row.offset, line: row.line, raw: record.bytes))
            case .failure(let failure)?:
                counts.rejects += 1
                let reason = "AuditData is not valid JSON (\(failure.error.description)); truncated by the exporter?"
                try handle(.reject(Reject(file: path, offset: row.offset, line: row.line, reason: reason, raw: json)))
            case nil:
                counts.rejects += 1
                try handle(.reject(Reject(file: path, offset: row.offset, line: row.line, reason: "AuditData is empty", raw: [])))
            }
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
