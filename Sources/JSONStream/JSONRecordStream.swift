// JSONRecordStream: the framer. Bytes go in as chunks of any size (`append`, then `finish` for
// the last); records come out one at a time (`next`). Shapes, found from the bytes:
//
//   ndjson         value \n value \n ...       each top-level value is a record (arrays expand)
//   array          [ record , record ... ]     elements streamed, the array never held whole
//   wrapped-array  { ..., "value"|"records": [ record , ... ], ... }   the inner array streamed
//   value          one top-level value
//
// Contract, as swift-nio's decoders: `next()` returns a record, a failure, or nil when it needs
// more bytes (or, after `finish()`, when the stream is done). A record is a view into the
// stream's buffer: valid until the next call to `append` or `next`.
//
// Errors: between top-level values (NDJSON) a bad record is reported and the stream resumes at
// the next line that starts with '{' or '['; inside a top-level array the rest of the array
// cannot be framed, so the failure is fatal and the stream ends.

/// Which top-level layout the stream turned out to have.
public enum JSONShape: String, Sendable {
    /// No value at all (only whitespace).
    case empty
    /// Several top-level values separated by line breaks (JSON Lines).
    case ndjson
    /// One top-level array whose elements are the records.
    case array
    /// An object whose `value` or `records` member is the array of records.
    case wrappedArray = "wrapped-array"
    /// One top-level value that is the record.
    case value
}

/// How the stream reads its input.
public struct JSONStreamOptions: Sendable {
    /// Maximum nesting of arrays and objects (the top-level array of records counts).
    public var maxDepth: Int = 512
    /// Strict RFC 8259 text: exactly one value, yielded whole (arrays are not expanded).
    public var singleValue: Bool = false
    /// Bytes of a failed record kept in `JSONStreamFailure.raw`.
    public var maxRawBytes: Int = 4096

    /// The defaults: auto-detected shape, depth 512.
    public init(maxDepth: Int = 512, singleValue: Bool = false, maxRawBytes: Int = 4096) {
        self.maxDepth = maxDepth
        self.singleValue = singleValue
        self.maxRawBytes = maxRawBytes
    }
}

/// A record that could not be read: the error, where its record began, and its first bytes.
public struct JSONStreamFailure: Error, Sendable, CustomStringConvertible {
    /// The syntax error, with absolute offset, line and column.
    public var error: JSONError
    /// Absolute byte offset where the failed record began.
    public var recordOffset: Int
    /// 1-based line where the failed record began.
    public var recordLine: Int
    /// The record's bytes (or the skipped region), truncated to `maxRawBytes`.
    public var raw: [UInt8]
    /// True when nothing after this failure can be read from the stream.
    public var isFatal: Bool

    /// The error's one-line description.
    public var description: String { error.description }
}

/// One step of the stream.
public enum JSONStreamEvent {
    /// A record (valid until the next `append` or `next`).
    case record(JSONRecord)
    /// A record or region that could not be read.
    case failure(JSONStreamFailure)
}

/// Frames a byte stream into JSON records (see the layout comment at the top of this file).
public final class JSONRecordStream {
    enum State {
        case start, top, arrayFirst, arrayNext, arrayAfter, wrapperAfterMember, resync, finished
    }

    let options: JSONStreamOptions
    let buffer = StreamBuffer()
    let tape = TapeBuffer()
    let stack: UnsafeMutablePointer<Int32>
    var state = State.start
    var isFinal = false
    /// Do not scan again until this many bytes are available (doubling wait after `.needMore`).
    var retryAt = 0
    var inWrapper = false
    /// Whether a top-level object should be checked for a `value`/`records` array member.
    var probeForWrapper = true
    var sawLineBreak = true
    var topLevelValues = 0
    /// Line feeds before `buffer.start`, and the absolute offset of the last one (-1: none).
    var lines = 0
    var lastNewline = -1
    var resyncStart = 0
    var resyncLine = 0

    /// The layout seen so far (final once the stream is done).
    public internal(set) var shape = JSONShape.empty
    /// Records yielded so far.
    public internal(set) var recordCount = 0
    /// Bytes consumed so far (absolute offset of the next unread byte).
    public var consumedBytes: Int { buffer.baseOffset &+ buffer.start }
    /// Bytes of storage the stream holds for unconsumed input (bounded by the largest record).
    public var bufferCapacity: Int { buffer.capacity }
    /// True once `finish()` was called and everything was read, or after a fatal failure.
    public var isFinished: Bool { state == .finished }

    /// Creates a stream.
    public init(options: JSONStreamOptions = JSONStreamOptions()) {
        self.options = options
        stack = .allocate(capacity: max(options.maxDepth, 1))
    }

    deinit { stack.deallocate() }

    /// Adds the next chunk of input. Invalidates the last record returned.
    public func append(_ bytes: UnsafeRawBufferPointer) {
        precondition(!isFinal, "append after finish")
        buffer.append(bytes)
    }

    /// Adds the next chunk of input. Invalidates the last record returned.
    public func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Says that no more input will come (the "decode last" of a framer).
    public func finish() {
        isFinal = true
        retryAt = 0
    }

    /// The next record or failure; nil when more input is needed, or at the end after `finish()`.
    public func next() -> JSONStreamEvent? {
        if !isFinal && buffer.available < retryAt { return nil }
        while true {
            let step = step()
            switch step {
            case .again: continue
            case .needMore:
                retryAt = isFinal ? 0 : max(buffer.available &* 2, 1)
                return nil
            case .event(let event):
                retryAt = 0
                return event
            }
        }
    }

    enum Step {
        case again, needMore, event(JSONStreamEvent)
    }
}
