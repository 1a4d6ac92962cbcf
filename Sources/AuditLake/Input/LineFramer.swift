/// Splits bytes given in chunks of any size into lines (LF or CRLF; a last line without a break
/// counts), each with its byte offset and 1-based line number.
public final class LineFramer {
    private var pending: [UInt8] = []
    private var offset = 0
    private var lineNumber = 0

    /// A framer at the start of its input.
    public init() {}

    /// Feeds `bytes`; calls `body` with every line completed by them (CR stripped, blank lines skipped).
    public func append(_ bytes: UnsafeRawBufferPointer, _ body: (ArraySlice<UInt8>, _ offset: Int, _ line: Int) throws -> Void) rethrows {
        pending.append(contentsOf: bytes)
        var start = 0
        while let nl = pending[start...].firstIndex(of: 0x0A) {
            try emit(pending[start..<nl], body)
            start = nl + 1
        }
        pending.removeFirst(start)
    }

    /// Ends the input: the last line if it had no line break.
    public func finish(_ body: (ArraySlice<UInt8>, _ offset: Int, _ line: Int) throws -> Void) rethrows {
        if !pending.isEmpty { try emit(pending[...], body) }
        pending = []
    }

    private func emit(_ line: ArraySlice<UInt8>, _ body: (ArraySlice<UInt8>, Int, Int) throws -> Void) rethrows {
        lineNumber += 1
        var text = line
        if text.last == 0x0D { text = text.dropLast() }
        if !text.isEmpty { try body(text, offset, lineNumber) }
        offset += line.count + 1
    }
}
