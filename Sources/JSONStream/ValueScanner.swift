// ValueScanner: validates exactly one JSON value (RFC 8259) in a byte buffer and writes its
// structure to the tape. It is iterative (an explicit container stack, never recursion), so a
// 100,000-deep input costs a depth error, not a stack overflow.
//
// The scanner is restartable rather than resumable: when the bytes end inside the value and more
// input may come, it answers `.needMore` and the caller scans the value again, from its first
// byte, once more bytes have arrived (JSONRecordStream doubles the wait between attempts, so the
// total work stays linear). Only newlines are counted while scanning, in the whitespace paths
// (raw newlines are invalid inside strings); lines and columns are derived from them on error.

/// The result of scanning one value.
@usableFromInline
enum ScanOutcome: Equatable {
    /// The value ends just before `end` (buffer index).
    case complete(end: Int)
    /// The buffer ended inside the value; more input is needed.
    case needMore
    /// The value is not valid JSON: `reason` at buffer index `at`.
    case failed(JSONErrorReason, at: Int)
}

/// Validates one JSON value and writes its tape (see JSONTape.swift for the layout).
@usableFromInline
struct ValueScanner {
    @usableFromInline let p: UnsafePointer<UInt8>
    @usableFromInline let limit: Int
    @usableFromInline let isFinal: Bool
    @usableFromInline let maxDepth: Int
    @usableFromInline let stack: UnsafeMutablePointer<Int32>
    /// Offsets on the tape are relative to this buffer index.
    @usableFromInline var recordStart: Int = 0
    @usableFromInline var tapeBase: UnsafeMutablePointer<TapeEntry>
    @usableFromInline var tapeCount: Int
    @usableFromInline var tapeCapacity: Int
    /// Newlines seen in whitespace since the scanner was created.
    @usableFromInline var newlines = 0
    /// Buffer index of the last newline seen, or -1.
    @usableFromInline var lastNewline = -1

    @usableFromInline
    init(
        bytes: UnsafePointer<UInt8>, limit: Int, isFinal: Bool, maxDepth: Int,
        stack: UnsafeMutablePointer<Int32>, tape: TapeBuffer
    ) {
        p = bytes
        self.limit = limit
        self.isFinal = isFinal
        self.maxDepth = maxDepth
        self.stack = stack
        tapeBase = tape.base
        tapeCount = tape.count
        tapeCapacity = tape.capacity
    }

    /// Hands the tape storage (which may have grown) back to its owner.
    @usableFromInline
    func store(into tape: TapeBuffer) {
        tape.base = tapeBase
        tape.capacity = tapeCapacity
        tape.count = tapeCount
    }

    // MARK: - Small readers

    @inline(__always) @usableFromInline
    mutating func append(_ entry: TapeEntry) {
        if tapeCount == tapeCapacity { growTape() }
        var entry = entry
        entry.next = UInt32(truncatingIfNeeded: tapeCount &+ 1)
        (tapeBase + tapeCount).initialize(to: entry)
        tapeCount += 1
    }

    @inline(never) @usableFromInline
    mutating func growTape() {
        let newCapacity = tapeCapacity * 2
        let newBase = UnsafeMutablePointer<TapeEntry>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: tapeBase, count: tapeCount)
        tapeBase.deallocate()
        tapeBase = newBase
        tapeCapacity = newCapacity
    }

    @inline(__always) @usableFromInline
    func rel(_ index: Int) -> UInt32 { UInt32(truncatingIfNeeded: index &- recordStart) }

    /// Skips JSON whitespace (space, tab, CR, LF), counting line feeds.
    @inline(__always) @usableFromInline
    mutating func skipWhitespace(_ start: Int) -> Int {
        var i = start
        while i < limit {
            let b = p[i]
            if b > 0x20 { return i }
            if b == 0x20 || b == 0x09 || b == 0x0D {
                i &+= 1
            } else if b == 0x0A {
                newlines &+= 1
                lastNewline = i
                i &+= 1
            } else {
                return i
            }
        }
        return i
    }

    /// The outcome when the bytes end at `at`: wait for more, or fail with `reason` at the end.
    @inline(__always) @usableFromInline
    func incomplete(_ reason: JSONErrorReason, at: Int) -> ScanOutcome {
        isFinal ? .failed(reason, at: at) : .needMore
    }

    // MARK: - Values

    /// Scans the value starting at or after `start` (leading whitespace allowed).
    @usableFromInline
    mutating func scanValue(from start: Int) -> ScanOutcome {
        if limit &- start > Int(UInt32.max) { return .failed(.recordTooLarge, at: start) }
        var pos = start
        var depth = 0
        valueLoop: while true {
            pos = skipWhitespace(pos)
            guard pos < limit else { return incomplete(.expectedValue, at: pos) }
            if depth > 0 { tapeBase[Int(stack[depth &- 1])].count &+= 1 }
            let b = p[pos]
            switch b {
            case UInt8(ascii: "\""):
                switch scanString(pos) {
                case .complete(let end):
                    pos = end
                case let other:
                    return other
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if depth == maxDepth { return .failed(.depthExceeded(maxDepth), at: pos) }
                stack[depth] = Int32(truncatingIfNeeded: tapeCount)
                depth &+= 1
                append(TapeEntry(kind: b == UInt8(ascii: "{") ? .object : .array, start: rel(pos), end: 0))
                pos = skipWhitespace(pos &+ 1)
                guard pos < limit else {
                    return incomplete(b == UInt8(ascii: "{") ? .expectedKey : .expectedValue, at: pos)
                }
                let c = p[pos]
                if b == UInt8(ascii: "[") {
                    if c != UInt8(ascii: "]") { continue valueLoop }
                } else if c != UInt8(ascii: "}") {
                    switch scanKey(pos) {
                    case .complete(let end): pos = end
                    case let other: return other
                    }
                    continue valueLoop
                }
                depth &-= 1
                pos &+= 1
                tapeBase[Int(stack[depth])].end = rel(pos)
                tapeBase[Int(stack[depth])].next = UInt32(truncatingIfNeeded: tapeCount)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                switch scanNumber(pos) {
                case .complete(let end): pos = end
                case let other: return other
                }
            case UInt8(ascii: "t"):
                switch scanLiteral(pos, "true", .true) {
                case .complete(let end): pos = end
                case let other: return other
                }
            case UInt8(ascii: "f"):
                switch scanLiteral(pos, "false", .false) {
                case .complete(let end): pos = end
                case let other: return other
                }
            case UInt8(ascii: "n"):
                switch scanLiteral(pos, "null", .null) {
                case .complete(let end): pos = end
                case let other: return other
                }
            default:
                return .failed(.expectedValue, at: pos)
            }
            // After a value: close containers or move to the next element or member.
            while true {
                if depth == 0 { return .complete(end: pos) }
                let top = Int(stack[depth &- 1])
                pos = skipWhitespace(pos)
                let isArray = tapeBase[top].kind == .array
                guard pos < limit else {
                    return incomplete(isArray ? .expectedCommaOrBracket : .expectedCommaOrBrace, at: pos)
                }
                let c = p[pos]
                if c == UInt8(ascii: ",") {
                    pos &+= 1
                    if isArray { continue valueLoop }
                    pos = skipWhitespace(pos)
                    guard pos < limit else { return incomplete(.expectedKey, at: pos) }
                    switch scanKey(pos) {
                    case .complete(let end): pos = end
                    case let other: return other
                    }
                    continue valueLoop
                }
                if c != (isArray ? UInt8(ascii: "]") : UInt8(ascii: "}")) {
                    return .failed(isArray ? .expectedCommaOrBracket : .expectedCommaOrBrace, at: pos)
                }
                depth &-= 1
                pos &+= 1
                tapeBase[top].end = rel(pos)
                tapeBase[top].next = UInt32(truncatingIfNeeded: tapeCount)
            }
        }
    }

    /// Scans `"key"` and the ':' after it; `.complete` points just past the colon.
    @inline(__always) @usableFromInline
    mutating func scanKey(_ start: Int) -> ScanOutcome {
        guard p[start] == UInt8(ascii: "\"") else { return .failed(.expectedKey, at: start) }
        var pos: Int
        switch scanString(start) {
        case .complete(let end): pos = end
        case let other: return other
        }
        pos = skipWhitespace(pos)
        guard pos < limit else { return incomplete(.expectedColon, at: pos) }
        guard p[pos] == UInt8(ascii: ":") else { return .failed(.expectedColon, at: pos) }
        return .complete(end: pos &+ 1)
    }

    /// Scans a literal (`true`, `false`, `null`) starting at `start`.
    @inline(__always) @usableFromInline
    mutating func scanLiteral(_ start: Int, _ text: StaticString, _ kind: JSONKind) -> ScanOutcome {
        let n = text.utf8CodeUnitCount
        let t = text.utf8Start
        var i = 0
        while i < n {
            guard start &+ i < limit else { return incomplete(.invalidLiteral, at: start &+ i) }
            if p[start &+ i] != t[i] { return .failed(.invalidLiteral, at: start &+ i) }
            i &+= 1
        }
        append(TapeEntry(kind: kind, start: rel(start), end: rel(start &+ n)))
        return .complete(end: start &+ n)
    }

    /// Scans a number per RFC 8259: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    @inline(__always) @usableFromInline
    mutating func scanNumber(_ start: Int) -> ScanOutcome {
        var i = start
        if p[i] == UInt8(ascii: "-") { i &+= 1 }
        guard i < limit else { return incomplete(.invalidNumber, at: i) }
        if p[i] == UInt8(ascii: "0") {
            i &+= 1
        } else if p[i] >= UInt8(ascii: "1") && p[i] <= UInt8(ascii: "9") {
            i &+= 1
            while i < limit && isDigit(p[i]) { i &+= 1 }
        } else {
            return .failed(.invalidNumber, at: i)
        }
        if i < limit && p[i] == UInt8(ascii: ".") {
            i &+= 1
            guard i < limit else { return incomplete(.invalidNumber, at: i) }
            guard isDigit(p[i]) else { return .failed(.invalidNumber, at: i) }
            while i < limit && isDigit(p[i]) { i &+= 1 }
        }
        if i < limit && (p[i] | 0x20) == UInt8(ascii: "e") {
            i &+= 1
            if i < limit && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) { i &+= 1 }
            guard i < limit else { return incomplete(.invalidNumber, at: i) }
            guard isDigit(p[i]) else { return .failed(.invalidNumber, at: i) }
            while i < limit && isDigit(p[i]) { i &+= 1 }
        }
        // A number touching the end of the bytes may continue in the next chunk.
        if i == limit && !isFinal { return .needMore }
        append(TapeEntry(kind: .number, start: rel(start), end: rel(i)))
        return .complete(end: i)
    }

    @inline(__always) @usableFromInline
    func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }
}
