import Foundation
import XCTest

/// A fresh temporary folder for one test, removed at the end.
func makeTemporaryFolder(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("auditlake-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// Writes `bytes` to `name` inside `folder` and returns its path.
@discardableResult
func write(_ bytes: [UInt8], _ name: String, in folder: URL) throws -> String {
    let url = folder.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}

/// The package root (two levels above this file's folder).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// What a run of the built `auditlake` binary printed and returned.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the `auditlake` binary built beside the test bundle with `arguments` and `stdin`.
func runAuditLake(_ arguments: [String], stdin: [UInt8]? = nil, in directory: URL? = nil) throws -> ProcessResult {
    let binary = Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent().appendingPathComponent("auditlake") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        ?? packageRoot.appendingPathComponent(".build/debug/auditlake")
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin)) }
    try input.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

/// Runs `auditlake convert samples/<sample>/input` (exit 1: the samples hold broken records) and
/// checks its stdout and reject lines against `samples/<sample>/expected`, line by line then
/// whole, and its summary line; returns the golden NDJSON.
@discardableResult
func assertConvertMatchesGolden(_ sample: String, arguments: [String] = [], summary: String,
                                file: StaticString = #filePath, line: UInt = #line) throws -> String {
    let result = try runAuditLake(["convert", "samples/\(sample)/input"] + arguments, in: packageRoot)
    XCTAssertEqual(result.status, 1, result.stderr, file: file, line: line)
    let expected = packageRoot.appendingPathComponent("samples/\(sample)/expected")
    let golden = try String(contentsOf: expected.appendingPathComponent("convert.ndjson"), encoding: .utf8)
    let actualLines = result.stdout.split(separator: "\n"), goldenLines = golden.split(separator: "\n")
    XCTAssertEqual(actualLines.count, goldenLines.count, file: file, line: line)
    for (a, g) in zip(actualLines, goldenLines) where a != g { XCTFail("differs:\n\(a)\nexpected:\n\(g)", file: file, line: line) }
    XCTAssertEqual(result.stdout, golden, file: file, line: line)
    let rejects = result.stderr.split(separator: "\n").filter { $0.hasPrefix("reject: ") }.joined(separator: "\n") + "\n"
    XCTAssertEqual(rejects, try String(contentsOf: expected.appendingPathComponent("convert.rejects.txt"), encoding: .utf8),
                   file: file, line: line)
    XCTAssertTrue(result.stderr.contains(summary), result.stderr, file: file, line: line)
    return golden
}

/// Checks every line of `ndjson` against schemas/event.schema.json.
func assertValidEvents(_ ndjson: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let validator = try SchemaValidator(path: packageRoot.appendingPathComponent("schemas/event.schema.json").path)
    for text in ndjson.split(separator: "\n") {
        XCTAssertEqual(validator.validate(try JSONSerialization.jsonObject(with: Data(text.utf8))), [], String(text.prefix(120)),
                       file: file, line: line)
    }
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}

/// Dotted paths to scalar values of a JSON object, as strings (numbers as their text).
func flattenJSON(_ object: [String: Any], prefix: String = "") -> [String: String] {
    var out: [String: String] = [:]
    for (key, value) in object {
        let path = prefix.isEmpty ? key : prefix + "." + key
        if let nested = value as? [String: Any] {
            out.merge(flattenJSON(nested, prefix: path)) { a, _ in a }
        } else if let s = value as? String {
            out[path] = s
        } else if let n = value as? NSNumber {
            out[path] = n.stringValue
        }
    }
    return out
}

/// A deterministic xorshift generator for damaged and generated test inputs.
struct XorShift {
    private var state: UInt64

    init(_ seed: UInt64 = 0x9E37_79B9_7F4A_7C15) { state = seed }

    /// A number in 0..<n.
    mutating func next(_ n: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(n))
    }
}
