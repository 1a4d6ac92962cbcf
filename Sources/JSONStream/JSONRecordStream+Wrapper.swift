// Wrapper detection: Microsoft Graph (`{"@odata.context": ..., "value": [...]}`) and Azure
// Monitor (`{"records": [...]}`) exports put the records in one array member of an object.
// A top-level object is read member by member until such a member's '[' is reached; the members
// before it (small metadata) are validated and dropped. If none is found, the object is a record.

extension JSONRecordStream {
    enum WrapperProbe {
        case needMore
        case notWrapper
        /// The records array opens just before `afterBracket`; `scanner` covered the bytes before.
        case wrapper(ValueScanner, afterBracket: Int)
    }

    /// Reads the object at `pos` member by member, looking for a `value`/`records` array.
    func probeWrapper(at pos: Int) -> WrapperProbe {
        var scanner = makeScanner(at: pos, depthUsed: 1)
        defer { scanner.store(into: tape) }
        let base = buffer.base
        let limit = buffer.end
        var i = pos &+ 1
        while true {
            i = scanner.skipWhitespace(i)
            guard i < limit else { return isFinal ? .notWrapper : .needMore }
            guard base[i] == UInt8(ascii: "\"") else { return .notWrapper }
            let keyIndex = scanner.tapeCount
            switch scanner.scanKey(i) {
            case .complete(let end): i = end
            case .needMore: return .needMore
            case .failed: return .notWrapper
            }
            let key = scanner.tapeBase[keyIndex]
            let keyBytes = UnsafeRawBufferPointer(
                start: base + (pos &+ Int(key.start)), count: Int(key.end &- key.start))
            let namesRecords = !key.hasEscapes
                && (keyBytes.elementsEqual("value".utf8) || keyBytes.elementsEqual("records".utf8))
            i = scanner.skipWhitespace(i)
            guard i < limit else { return isFinal ? .notWrapper : .needMore }
            if namesRecords && base[i] == UInt8(ascii: "[") {
                return .wrapper(scanner, afterBracket: i &+ 1)
            }
            switch scanner.scanValue(from: i) {
            case .complete(let end): i = end
            case .needMore: return .needMore
            case .failed: return .notWrapper
            }
            i = scanner.skipWhitespace(i)
            guard i < limit else { return isFinal ? .notWrapper : .needMore }
            guard base[i] == UInt8(ascii: ",") else { return .notWrapper }
            i &+= 1
        }
    }
}
