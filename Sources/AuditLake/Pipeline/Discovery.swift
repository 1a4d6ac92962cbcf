import Foundation

/// Expands the inputs of a run: files as given, folders walked recursively in name order
/// (hidden entries skipped), `-` for standard input.
public enum Discovery {
    /// The files to read, in a deterministic order; missing paths are kept (they become rejects).
    public static func files(_ inputs: [String]) -> [String] {
        var out: [String] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            if input != "-", FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue {
                out += walk(input)
            } else {
                out.append(input)
            }
        }
        return out
    }

    private static func walk(_ folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [folder] }
        var out: [String] = []
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = base + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue { out += walk(path) } else { out.append(path) }
        }
        return out
    }
}
