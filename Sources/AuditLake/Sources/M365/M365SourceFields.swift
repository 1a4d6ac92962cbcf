import JSONStream

// `o365.audit.*`: every field of the record, with one declared type per field so that
// DuckDB, Spark and Elasticsearch never see a field change type between records:
//
//   - scalars become strings (numbers keep their exact text, booleans "true"/"false"); null stays null
//   - objects and arrays keep their structure (their scalars become strings too)
//   - the name/value lists (Parameters, ExtendedProperties, DeviceProperties,
//     OperationProperties, ModifiedProperties) become maps keyed by Name, whether they arrived
//     as an array, an object or JSON inside a string; each map value is a string
//     (ModifiedProperties: an object {NewValue, OldValue}). The original value is kept as JSON
//     text in `<Field>_original`. A string that holds no list is kept as {"_raw": text}.
//   - keys are copied verbatim (so `EventName` and `eventName` are both kept); Graph
//     annotation keys (containing `@odata.`) are dropped.

enum M365SourceFields {
    static let nameValueLists = JSONFieldSet([
        "Parameters", "ExtendedProperties", "DeviceProperties", "OperationProperties", "ModifiedProperties",
    ])

    /// Writes the record's fields as the `o365.audit` object.
    static func write(_ record: JSONValue, to w: inout JSONWriter) {
        w.beginObject()
        for (key, value) in record.members {
            guard let keyBytes = key.stringBytes else { continue }
            if keyBytes.contains(UInt8(ascii: "@")) && (key.string ?? "").has("@odata.") { continue }
            if let list = nameValueLists.keys.first(where: { key.stringEquals($0) }) {
                let name = String(decoding: list.utf8, as: UTF8.self)
                writeNameValueMap(name, value, to: &w)
                w.key(name + "_original")
                if value.kind == .string {
                    w.raw(value.rawBytes)
                } else {
                    w.string(bytes: value.rawBytes)
                }
                continue
            }
            w.key(json: key)
            writeStringified(value, to: &w)
        }
        w.endObject()
    }

    /// A value with every scalar turned into a string.
    static func writeStringified(_ value: JSONValue, to w: inout JSONWriter) {
        switch value.kind {
        case .string: w.raw(value.rawBytes)
        case .number: w.string(bytes: value.rawBytes)
        case .true: w.string("true")
        case .false: w.string("false")
        case .null: w.null()
        case .array:
            w.beginArray()
            for element in value.elements { writeStringified(element, to: &w) }
            w.endArray()
        case .object:
            w.beginObject()
            for (key, member) in value.members {
                w.key(json: key)
                writeStringified(member, to: &w)
            }
            w.endObject()
        }
    }

    static func text(_ value: JSONValue) -> String { value.text }

    /// `Name` → value map of a name/value list in any of its shapes.
    static func writeNameValueMap(_ field: String, _ value: JSONValue, to w: inout JSONWriter) {
        w.key(field)
        if value.kind == .string, let inner = value.string {
            let stream = JSONRecordStream(options: JSONStreamOptions(singleValue: true))
            stream.append(Array(inner.utf8))
            stream.finish()
            if case .record(let parsed)? = stream.next(), parsed.root.kind == .array || parsed.root.kind == .object {
                writeMapBody(field, parsed.root, to: &w)
            } else {
                w.beginObject()
                if !inner.isEmpty { w.key("_raw"); w.string(inner) }
                w.endObject()
            }
            return
        }
        writeMapBody(field, value, to: &w)
    }

    private static func writeMapBody(_ field: String, _ value: JSONValue, to w: inout JSONWriter) {
        let modified = field == "ModifiedProperties"
        var seen = Set<String>()
        w.beginObject()
        func entry(_ name: String, _ item: JSONValue?) {
            guard !name.isEmpty, seen.insert(name).inserted else { return }
            w.key(name)
            if modified {
                w.beginObject()
                if let item, item.kind == .object {
                    for k in ["NewValue", "OldValue"] {
                        if let v = item[k] { w.key(k); w.string(text(v)) }
                    }
                }
                w.endObject()
            } else {
                w.string(item.map(text) ?? "")
            }
        }
        switch value.kind {
        case .array:
            for element in value.elements {
                if element.kind == .object {
                    let name = element["Name"].map(text) ?? element["name"].map(text) ?? ""
                    entry(name, modified ? element : (element["Value"] ?? element["value"]))
                } else if element.kind == .string {
                    entry(text(element), nil)  // Exchange item records list changed property names
                }
            }
        case .object:
            for (key, member) in value.members {
                entry(key.string ?? "", modified ? member : member)
            }
        default:
            break
        }
        w.endObject()
    }
}


extension JSONValue {
    /// A scalar's text (strings decoded, numbers and literals as written, null empty);
    /// containers as their JSON text.
    var text: String {
        switch kind {
        case .string: return string ?? ""
        case .null: return ""
        default: return String(decoding: rawBytes, as: UTF8.self)
        }
    }
}
