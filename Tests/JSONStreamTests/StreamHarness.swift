import JSONStream
import XCTest

/// Runs a stream over `input` cut into the given chunks and describes every event as a line.
func events(_ input: [UInt8], chunks: [Int]? = nil, options: JSONStreamOptions = JSONStreamOptions()) -> [String] {
    let stream = JSONRecordStream(options: options)
    var out: [String] = []
    func drain() {
        while let event = stream.next() {
            switch event {
            case .record(let record):
                out.append("R \(record.index) @\(record.offset) L\(record.line) \(String(decoding: record.bytes, as: UTF8.self))")
            case .failure(let failure):
                out.append("F @\(failure.recordOffset) L\(failure.recordLine) \(failure.error)\(failure.isFatal ? " fatal" : "")")
            }
        }
    }
    var position = 0
    for size in chunks ?? [input.count] where position < input.count {
        let end = min(position + size, input.count)
        stream.append(Array(input[position..<end]))
        drain()
        position = end
    }
    if position < input.count {
        stream.append(Array(input[position...]))
        drain()
    }
    stream.finish()
    drain()
    return out
}

/// The same events whether `input` is fed whole, split at every byte boundary, or byte by byte.
func assertSplitInvariant(
    _ input: [UInt8], options: JSONStreamOptions = JSONStreamOptions(), everySplit: Bool = true,
    file: StaticString = #filePath, line: UInt = #line
) -> [String] {
    let whole = events(input, options: options)
    if everySplit {
        for k in 0...input.count {
            let split = events(input, chunks: [k, input.count - k], options: options)
            if split != whole {
                XCTFail("split at byte \(k) differs: \(split) vs \(whole)", file: file, line: line)
                return whole
            }
        }
    }
    let bytewise = events(input, chunks: Array(repeating: 1, count: input.count), options: options)
    XCTAssertEqual(bytewise, whole, "1-byte chunks differ", file: file, line: line)
    return whole
}

/// The folder of shared fixtures beside the repository, or nil when it is missing.
func sharedFixtures(_ relative: String) -> URL? {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let url = root.deletingLastPathComponent().appendingPathComponent("shared/fixtures").appendingPathComponent(relative)
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}
