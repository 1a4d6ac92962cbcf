import Foundation

/// A small JSON Schema 2020-12 validator for the keywords `schemas/event.schema.json` uses:
/// type, enum, required, properties, additionalProperties, unevaluatedProperties (false),
/// items, pattern, minimum, maximum, $ref (local), allOf, anyOf. Unknown keywords fail loudly.
struct SchemaValidator {
    let root: [String: Any]
    static let known: Set<String> = [
        "$schema", "$id", "title", "description", "$defs", "type", "enum", "required", "properties",
        "additionalProperties", "unevaluatedProperties", "items", "pattern", "minimum", "maximum", "$ref", "allOf", "anyOf",
    ]

    init(path: String) throws {
        root = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    /// The problems of `instance` (empty when valid), each with its JSON path.
    func validate(_ instance: Any) -> [String] { check(instance, root, "$").problems }

    private func check(_ value: Any, _ schema: [String: Any], _ path: String) -> (problems: [String], evaluated: Set<String>) {
        var problems: [String] = []
        var evaluated = Set<String>()
        for key in schema.keys where !Self.known.contains(key) { problems.append("\(path): unsupported keyword \(key)") }
        if let ref = schema["$ref"] as? String {
            let name = String(ref.dropFirst("#/$defs/".count))
            let r = check(value, (root["$defs"] as! [String: Any])[name] as! [String: Any], path)
            problems += r.problems
            evaluated.formUnion(r.evaluated)
        }
        if let all = schema["allOf"] as? [[String: Any]] {
            for s in all {
                let r = check(value, s, path)
                problems += r.problems
                evaluated.formUnion(r.evaluated)
            }
        }
        if let any = schema["anyOf"] as? [[String: Any]], !any.contains(where: { check(value, $0, path).problems.isEmpty }) {
            problems.append("\(path): matches none of anyOf")
        }
        if let type = schema["type"] as? String, !Self.has(type, value) { problems.append("\(path): not of type \(type)") }
        if let options = schema["enum"] as? [Any], !options.contains(where: { ($0 as? NSObject)?.isEqual(value) ?? false }) {
            problems.append("\(path): \(value) not in enum")
        }
        if let pattern = schema["pattern"] as? String, let s = value as? String,
           s.range(of: pattern, options: .regularExpression) == nil {
            problems.append("\(path): \(s) does not match \(pattern)")
        }
        if let n = value as? NSNumber, !(value is Bool) {
            if let min = schema["minimum"] as? Double, n.doubleValue < min { problems.append("\(path): below minimum") }
            if let max = schema["maximum"] as? Double, n.doubleValue > max { problems.append("\(path): above maximum") }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (i, item) in array.enumerated() { problems += check(item, items, "\(path)[\(i)]").problems }
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { problems.append("\(path): missing \(key)") }
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            for (key, member) in object {
                if let s = properties[key] {
                    problems += check(member, s, "\(path).\(key)").problems
                    evaluated.insert(key)
                } else if let extra = schema["additionalProperties"] {
                    if let allowed = extra as? Bool {
                        if !allowed { problems.append("\(path): unexpected field \(key)") }
                    } else {
                        problems += check(member, extra as! [String: Any], "\(path).\(key)").problems
                    }
                    evaluated.insert(key)
                }
            }
            if schema["unevaluatedProperties"] as? Bool == false {
                for key in object.keys where !evaluated.contains(key) { problems.append("\(path): unexpected field \(key)") }
            }
        }
        return (problems, evaluated)
    }

    private static func has(_ type: String, _ value: Any) -> Bool {
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "null": return value is NSNull
        case "integer":
            guard let n = value as? NSNumber else { return false }
            return n.doubleValue == n.doubleValue.rounded()
        default: return false
        }
    }
}
