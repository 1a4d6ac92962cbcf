// The states of JSONRecordStream, one small function each. Every scan starts a fresh
// ValueScanner at the first unconsumed byte; its newline counts are added to the stream's only
// when the bytes it covered are consumed.

extension JSONRecordStream {
    func step() -> Step {
        switch state {
        case .finished: return .needMore
        case .start: return stepStart()
        case .top: return stepTop()
        case .arrayFirst, .arrayNext: return stepElement()
        case .arrayAfter: return stepArrayAfter()
        case .wrapperAfterMember: return stepWrapperAfterMember()
        case .resync: return stepResync()
        }
    }

    // MARK: - Helpers

    func makeScanner(at pos: Int, depthUsed: Int) -> ValueScanner {
        tape.count = 0
        var scanner = ValueScanner(
            bytes: buffer.base, limit: buffer.end, isFinal: isFinal,
            maxDepth: max(options.maxDepth &- depthUsed, 0), stack: stack, tape: tape)
        scanner.recordStart = pos
        return scanner
    }

    /// Nesting used by the arrays (and wrapper object) around the records.
    var enclosingDepth: Int { state == .top ? 0 : (inWrapper ? 2 : 1) }

    /// Consumes bytes up to `end`, which `scanner` covered.
    func commit(_ scanner: ValueScanner, to end: Int) {
        lines &+= scanner.newlines
        if scanner.lastNewline >= 0 { lastNewline = buffer.baseOffset &+ scanner.lastNewline }
        buffer.start = end
    }

    /// Skips whitespace at the top level; false when no byte is left.
    func skipTopWhitespace() -> Bool {
        let base = buffer.base
        var i = buffer.start
        while i < buffer.end {
            let b = base[i]
            if b == 0x0A {
                lines &+= 1
                lastNewline = buffer.baseOffset &+ i
                sawLineBreak = true
            } else if b != 0x20 && b != 0x09 && b != 0x0D {
                break
            }
            i &+= 1
        }
        buffer.start = i
        return i < buffer.end
    }

    /// The error for `reason` at buffer index `at`, with line and column.
    func makeError(_ reason: JSONErrorReason, at: Int, scanner: ValueScanner?) -> JSONError {
        // The scanner's depth limit excludes the enclosing arrays; report the user's limit.
        let reason = if case .depthExceeded = reason { JSONErrorReason.depthExceeded(options.maxDepth) } else { reason }
        var line = lines
        var newline = lastNewline
        if let scanner {
            line &+= scanner.newlines
            if scanner.lastNewline >= 0 { newline = buffer.baseOffset &+ scanner.lastNewline }
        }
        let offset = buffer.baseOffset &+ at
        let found = describeFound(at < buffer.end ? buffer.base[at] : nil, reason: reason)
        return JSONError(
            expected: reason.expectedText, found: found, offset: offset, line: line &+ 1,
            column: offset &- newline)
    }

    /// A failure for the record starting at `recordStart`, keeping its bytes up to a line end.
    func failure(
        _ reason: JSONErrorReason, at: Int, recordStart: Int, scanner: ValueScanner?, fatal: Bool
    ) -> Step {
        let error = makeError(reason, at: at, scanner: scanner)
        var rawEnd = min(buffer.end, recordStart &+ options.maxRawBytes)
        var i = max(at, recordStart)
        while i < rawEnd {
            if buffer.base[i] == 0x0A && i > at { rawEnd = i; break }
            i &+= 1
        }
        let raw = Array(UnsafeBufferPointer(start: buffer.base + recordStart, count: max(rawEnd &- recordStart, 0)))
        let failure = JSONStreamFailure(
            error: error, recordOffset: buffer.baseOffset &+ recordStart,
            recordLine: lines &+ 1, raw: raw, isFatal: fatal)
        if fatal {
            state = .finished
        } else {
            buffer.start = recordStart &+ 1
            state = .resync
        }
        return .event(.failure(failure))
    }

    func fatalAtEnd(_ reason: JSONErrorReason) -> Step {
        failure(reason, at: buffer.end, recordStart: buffer.start, scanner: nil, fatal: true)
    }

    func countTopLevelValue(_ kind: JSONShape) {
        topLevelValues &+= 1
        shape = topLevelValues > 1 ? .ndjson : kind
    }

    /// Yields the record `scanner` just scanned in [start, end) and consumes it.
    func yieldRecord(_ scanner: ValueScanner, start: Int, end: Int) -> Step {
        let record = JSONRecord(
            bytes: UnsafeRawBufferPointer(start: buffer.base + start, count: end &- start),
            tape: UnsafePointer(tape.base), tapeCount: tape.count,
            offset: buffer.baseOffset &+ start, line: lines &+ 1, index: recordCount)
        recordCount &+= 1
        commit(scanner, to: end)
        return .event(.record(record))
    }

    // MARK: - States

    func stepStart() -> Step {
        let available = buffer.available
        let p = buffer.base + buffer.start
        if available < 3 && !isFinal { return .needMore }
        state = .top
        if available >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF {
            buffer.start &+= 3
        } else if available >= 2 && ((p[0] == 0xFE && p[1] == 0xFF) || (p[0] == 0xFF && p[1] == 0xFE)
            || p[0] == 0x00 || p[1] == 0x00)
        {
            return failure(.utf16Input, at: buffer.start, recordStart: buffer.start, scanner: nil, fatal: true)
        }
        return .again
    }

    func stepTop() -> Step {
        guard skipTopWhitespace() else {
            if !isFinal { return .needMore }
            if options.singleValue && topLevelValues == 0 { return fatalAtEnd(.expectedValue) }
            state = .finished
            return .needMore
        }
        let pos = buffer.start
        if topLevelValues > 0 {
            if options.singleValue {
                return failure(.expectedEndOfInput, at: pos, recordStart: pos, scanner: nil, fatal: true)
            }
            if !sawLineBreak {
                countTopLevelValue(.value)
                return failure(.expectedNewlineBetweenRecords, at: pos, recordStart: pos, scanner: nil, fatal: false)
            }
        }
        let b = buffer.base[pos]
        if !options.singleValue && b == UInt8(ascii: "[") {
            buffer.start = pos &+ 1
            countTopLevelValue(.array)
            inWrapper = false
            state = .arrayFirst
            return .again
        }
        if !options.singleValue && b == UInt8(ascii: "{") && probeForWrapper {
            switch probeWrapper(at: pos) {
            case .needMore:
                return .needMore
            case .notWrapper:
                probeForWrapper = false
            case .wrapper(let scanner, let afterBracket):
                commit(scanner, to: afterBracket)
                countTopLevelValue(.wrappedArray)
                inWrapper = true
                state = .arrayFirst
                return .again
            }
        }
        var scanner = makeScanner(at: pos, depthUsed: 0)
        let outcome = scanner.scanValue(from: pos)
        scanner.store(into: tape)
        switch outcome {
        case .complete(let end):
            countTopLevelValue(.value)
            sawLineBreak = false
            return yieldRecord(scanner, start: pos, end: end)
        case .needMore:
            return .needMore
        case .failed(let reason, let at):
            countTopLevelValue(.value)
            return failure(reason, at: at, recordStart: pos, scanner: scanner, fatal: options.singleValue)
        }
    }

    func stepElement() -> Step {
        guard skipTopWhitespace() else {
            return isFinal ? fatalAtEnd(.expectedValue) : .needMore
        }
        let pos = buffer.start
        if state == .arrayFirst && buffer.base[pos] == UInt8(ascii: "]") {
            buffer.start = pos &+ 1
            closeArray()
            return .again
        }
        var scanner = makeScanner(at: pos, depthUsed: enclosingDepth)
        let outcome = scanner.scanValue(from: pos)
        scanner.store(into: tape)
        switch outcome {
        case .complete(let end):
            state = .arrayAfter
            return yieldRecord(scanner, start: pos, end: end)
        case .needMore:
            return .needMore
        case .failed(let reason, let at):
            return failure(reason, at: at, recordStart: pos, scanner: scanner, fatal: true)
        }
    }

    func stepArrayAfter() -> Step {
        guard skipTopWhitespace() else { return isFinal ? fatalAtEnd(.expectedCommaOrBracket) : .needMore }
        let pos = buffer.start
        switch buffer.base[pos] {
        case UInt8(ascii: ","):
            buffer.start = pos &+ 1
            state = .arrayNext
        case UInt8(ascii: "]"):
            buffer.start = pos &+ 1
            closeArray()
        default:
            return failure(.expectedCommaOrBracket, at: pos, recordStart: pos, scanner: nil, fatal: true)
        }
        return .again
    }

    func closeArray() {
        state = inWrapper ? .wrapperAfterMember : .top
        sawLineBreak = false
    }

    /// Skips members of a wrapper object that follow its array of records.
    func stepWrapperAfterMember() -> Step {
        guard skipTopWhitespace() else { return isFinal ? fatalAtEnd(.expectedCommaOrBrace) : .needMore }
        let pos = buffer.start
        let b = buffer.base[pos]
        if b == UInt8(ascii: "}") {
            buffer.start = pos &+ 1
            state = .top
            sawLineBreak = false
            return .again
        }
        guard b == UInt8(ascii: ",") else {
            return failure(.expectedCommaOrBrace, at: pos, recordStart: pos, scanner: nil, fatal: true)
        }
        var scanner = makeScanner(at: pos, depthUsed: 1)
        defer { scanner.store(into: tape) }
        let keyStart = scanner.skipWhitespace(pos &+ 1)
        var outcome = keyStart < buffer.end ? scanner.scanKey(keyStart) : scanner.incomplete(.expectedKey, at: keyStart)
        if case .complete(let afterColon) = outcome { outcome = scanner.scanValue(from: afterColon) }
        switch outcome {
        case .complete(let end):
            commit(scanner, to: end)
            return .again
        case .needMore:
            return .needMore
        case .failed(let reason, let at):
            return failure(reason, at: at, recordStart: pos, scanner: scanner, fatal: true)
        }
    }

    /// After a bad NDJSON record: skips to the next line that starts with '{' or '['.
    func stepResync() -> Step {
        let base = buffer.base
        var i = buffer.start
        while i < buffer.end {
            if base[i] == 0x0A {
                if i &+ 1 == buffer.end && !isFinal {
                    buffer.start = i
                    return .needMore
                }
                lines &+= 1
                lastNewline = buffer.baseOffset &+ i
                if i &+ 1 < buffer.end && (base[i &+ 1] == UInt8(ascii: "{") || base[i &+ 1] == UInt8(ascii: "[")) {
                    buffer.start = i &+ 1
                    state = .top
                    sawLineBreak = true
                    return .again
                }
            }
            i &+= 1
        }
        buffer.start = i
        if isFinal {
            state = .top
            return .again
        }
        return .needMore
    }
}
