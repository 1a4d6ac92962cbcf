/// Writes compact JSON text (RFC 8259) into a byte buffer, placing commas itself.
///
/// Strings are escaped as RFC 8259 requires (`"`, `\`, and control characters; `\n`-style
/// escapes where they exist, `\u00XX` otherwise); invalid UTF-8 in byte input becomes U+FFFD,
/// so the output is always valid UTF-8 JSON. No Foundation.
///
/// The writer is a handle on one growable buffer, written through a raw pointer (no
/// copy-on-write check per byte): use one writer per task and do not copy it.
public struct JSONWriter {
    /// Owns the memory; the writer keeps its own copy of the pointer for speed.
    @usableFromInline final class Storage {
        @usableFromInline var base: UnsafeMutablePointer<UInt8>
        init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }
        deinit { base.deallocate() }
    }

    @usableFromInline let storage: Storage
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    /// How many bytes have been written.
    public var count: Int { used }
    @usableFromInline var used = 0
    @usableFromInline var needsComma = false
    @usableFromInline var afterKey = false

    /// Starts an empty writer, reserving `capacity` bytes.
    public init(capacity: Int = 1024) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
        storage = Storage(base)
    }

    /// A copy of the text written so far.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: used)) }

    /// Calls `body` with the text written so far (valid only inside `body`).
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: used))
    }

    /// Clears the text (unless `keepingText`) and the comma state, keeping the storage.
    public mutating func reset(keepingText: Bool = false) {
        if !keepingText { used = 0 }
        needsComma = false
        afterKey = false
    }

    /// Appends a byte outside the JSON grammar (a line break between records).
    public mutating func append(byte: UInt8) { put(byte) }

    // MARK: - Buffer

    @inlinable @inline(__always)
    mutating func reserve(_ n: Int) {
        if used &+ n > capacity { grow(n) }
    }

    @usableFromInline @inline(never)
    mutating func grow(_ n: Int) {
        let newCapacity = max(capacity * 2, used + n)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: used)
        base.deallocate()
        base = newBase
        storage.base = newBase
        capacity = newCapacity
    }

    @inlinable @inline(__always)
    mutating func put(_ b: UInt8) {
        reserve(1)
        base[used] = b
        used &+= 1
    }

    @inline(__always)
    mutating func put(_ b0: UInt8, _ b1: UInt8) {
        reserve(2)
        base[used] = b0
        base[used &+ 1] = b1
        used &+= 2
    }

    @inline(__always)
    mutating func put(_ p: UnsafeRawBufferPointer) {
        reserve(p.count)
        putReserved(p)
    }

    /// Bytes already reserved: no capacity check. Runs of up to 16 bytes (most keys and values)
    /// move as two overlapping words instead of through a call to memmove.
    @inlinable @inline(__always)
    mutating func putReserved(_ p: UnsafeRawBufferPointer) {
        let n = p.count
        guard let from = p.baseAddress else { return }
        let to = UnsafeMutableRawPointer(base + used)
        if n >= 8 && n <= 16 {
            let head = from.loadUnaligned(as: UInt64.self)
            let tail = from.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
            to.storeBytes(of: head, as: UInt64.self)
            to.storeBytes(of: tail, toByteOffset: n &- 8, as: UInt64.self)
        } else if n >= 4 && n < 8 {
            let head = from.loadUnaligned(as: UInt32.self)
            let tail = from.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
            to.storeBytes(of: head, as: UInt32.self)
            to.storeBytes(of: tail, toByteOffset: n &- 4, as: UInt32.self)
        } else {
            to.copyMemory(from: from, byteCount: n)
        }
        used &+= n
    }

    @inlinable @inline(__always)
    mutating func separate() {
        if afterKey {
            afterKey = false
        } else if needsComma {
            put(UInt8(ascii: ","))
        }
    }

    /// Opens an object (as a value, or after `key`).
    @inlinable
    public mutating func beginObject() {
        separate()
        put(UInt8(ascii: "{"))
        needsComma = false
    }

    /// Closes the innermost object.
    @inlinable
    public mutating func endObject() {
        put(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Opens an array.
    @inlinable
    public mutating func beginArray() {
        separate()
        put(UInt8(ascii: "["))
        needsComma = false
    }

    /// Closes the innermost array.
    @inlinable
    public mutating func endArray() {
        put(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes an object key; the next value written is its value.
    public mutating func key(_ name: String) {
        var name = name
        name.withUTF8 { key(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Writes an object key given in the source that needs no escaping (plain ASCII, no `"` or `\`).
    @inlinable @inline(__always)
    public mutating func key(verbatim name: StaticString) {
        let n = name.utf8CodeUnitCount
        reserve(n &+ 4)
        if needsComma { base[used] = UInt8(ascii: ","); used &+= 1 }
        base[used] = UInt8(ascii: "\"")
        used &+= 1
        putReserved(UnsafeRawBufferPointer(start: name.utf8Start, count: n))
        base[used] = UInt8(ascii: "\"")
        base[used &+ 1] = UInt8(ascii: ":")
        used &+= 2
        afterKey = true
        needsComma = true
    }

    /// Writes an object key from bytes (escaped as needed).
    public mutating func key(bytes name: UnsafeRawBufferPointer) {
        if needsComma { put(UInt8(ascii: ",")) }
        writeEscaped(name)
        put(UInt8(ascii: ":"))
        afterKey = true
        needsComma = true
    }

    /// Writes a parsed string value as a key, copying its text (and escapes) verbatim.
    public mutating func key(json name: JSONValue) {
        if needsComma { put(UInt8(ascii: ",")) }
        put(name.rawBytes)
        put(UInt8(ascii: ":"))
        afterKey = true
        needsComma = true
    }

    /// Writes a string value.
    public mutating func string(_ value: String) {
        if value.utf8.withContiguousStorageIfAvailable({ string(bytes: UnsafeRawBufferPointer($0)) }) == nil {
            var copy = value
            copy.withUTF8 { string(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    /// Writes a string value from UTF-8 bytes (invalid sequences become U+FFFD).
    public mutating func string(bytes value: UnsafeRawBufferPointer) {
        separate()
        writeEscaped(value)
        needsComma = true
    }

    /// Writes an integer.
    public mutating func number(_ value: Int) {
        separate()
        appendDecimal(value)
        needsComma = true
    }

    /// Writes a finite Double in Swift's shortest round-trip form; non-finite values as null.
    public mutating func number(_ value: Double) {
        separate()
        if value.isFinite {
            if value == value.rounded(), abs(value) < 1e15 {
                appendDecimal(Int(value))
            } else {
                var text = value.description
                text.withUTF8 { put(UnsafeRawBufferPointer($0)) }
            }
        } else {
            put(UnsafeRawBufferPointer(start: ("null" as StaticString).utf8Start, count: 4))
        }
        needsComma = true
    }

    /// Writes a boolean.
    public mutating func bool(_ value: Bool) {
        separate()
        let text: StaticString = value ? "true" : "false"
        put(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        needsComma = true
    }

    /// Writes null.
    public mutating func null() {
        separate()
        put(UnsafeRawBufferPointer(start: ("null" as StaticString).utf8Start, count: 4))
        needsComma = true
    }

    /// Copies JSON text that is already valid (a value read by the parser) verbatim.
    public mutating func raw(_ json: UnsafeRawBufferPointer) {
        separate()
        put(json)
        needsComma = true
    }

    /// Writes JSON text given in the source (a literal value such as `"\"bsd\""`) verbatim.
    public mutating func raw(verbatim json: StaticString) {
        raw(UnsafeRawBufferPointer(start: json.utf8Start, count: json.utf8CodeUnitCount))
    }

    /// Copies a parsed value without its insignificant whitespace (strings and numbers verbatim).
    public mutating func compact(_ value: JSONValue) {
        switch value.kind {
        case .object:
            beginObject()
            for (name, member) in value.members {
                key(json: name)
                compact(member)
            }
            endObject()
        case .array:
            beginArray()
            for element in value.elements { compact(element) }
            endArray()
        default:
            raw(value.rawBytes)
        }
    }

    /// Copies a parsed value verbatim (strings keep their original escapes).
    public mutating func value(_ value: JSONValue) { raw(value.rawBytes) }

    // MARK: - Text

    @usableFromInline
    mutating func appendDecimal(_ value: Int) {
        if value < 0 { put(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            put(UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]))
        }
    }

    /// Writes `"text"` with RFC 8259 escaping and UTF-8 repair.
    @usableFromInline
    mutating func writeEscaped(_ text: UnsafeRawBufferPointer) {
        let n = text.count
        reserve(n &+ 2)
        base[used] = UInt8(ascii: "\"")
        used &+= 1
        var i = 0
        var run = 0
        while i < n {
            // Eight plain ASCII bytes at a time (no quote, backslash, control or non-ASCII byte).
            while i &+ 8 <= n, !ValueScanner.hasSpecialByte(text.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { i &+= 8 }
            guard i < n else { break }
            if n &- i < 8 {
                // The last one to seven bytes as one word, from overlapping loads (no byte-wise
                // copy, whose store would stall the load): bytes may be checked twice.
                let tail: UInt64
                if n >= 8 {
                    tail = text.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
                } else if n &- i >= 4 {
                    let low = UInt64(text.loadUnaligned(fromByteOffset: i, as: UInt32.self))
                    tail = low | UInt64(text.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)) << 32
                } else {
                    tail = 0x2020_2020_2000_0000 | UInt64(text[i]) | UInt64(text[(i &+ n) >> 1]) << 8 | UInt64(text[n &- 1]) << 16
                }
                if !ValueScanner.hasSpecialByte(tail) {
                    i = n
                    break
                }
            }
            let b = text[i]
            if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") && b < 0x80 {
                i += 1
                continue
            }
            if b >= 0x80 {
                let length = validUTF8Length(text, i)
                if length > 0 {
                    i += length
                    continue
                }
            }
            if run < i { putReserved(UnsafeRawBufferPointer(rebasing: text[run..<i])) }
            // The rest of the text plus this escape (at most six bytes) and the closing quote.
            reserve(n &- i &+ 7)
            switch b {
            case UInt8(ascii: "\""): putEscape(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): putEscape(UInt8(ascii: "\\"))
            case 0x0A: putEscape(UInt8(ascii: "n"))
            case 0x0D: putEscape(UInt8(ascii: "r"))
            case 0x09: putEscape(UInt8(ascii: "t"))
            case 0x08: putEscape(UInt8(ascii: "b"))
            case 0x0C: putEscape(UInt8(ascii: "f"))
            case 0..<0x20:
                let hex: StaticString = "0123456789abcdef"
                for c in [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex.utf8Start[Int(b >> 4)], hex.utf8Start[Int(b & 15)]] {
                    base[used] = c
                    used &+= 1
                }
            default:  // an invalid UTF-8 byte becomes U+FFFD
                base[used] = 0xEF
                base[used &+ 1] = 0xBF
                base[used &+ 2] = 0xBD
                used &+= 3
            }
            i += 1
            run = i
        }
        if run < n { putReserved(UnsafeRawBufferPointer(rebasing: text[run..<n])) }
        base[used] = UInt8(ascii: "\"")
        used &+= 1
    }

    @inline(__always)
    mutating func putEscape(_ letter: UInt8) {
        base[used] = 0x5C
        base[used &+ 1] = letter
        used &+= 2
    }
}

/// Length of the valid UTF-8 sequence starting at `i`, or 0 when it is invalid or cut short.
@usableFromInline
func validUTF8Length(_ text: UnsafeRawBufferPointer, _ i: Int) -> Int {
    guard let (length, low, high) = utf8Lead(text[i]), i + length <= text.count else { return 0 }
    for k in 1..<length {
        let c = text[i + k]
        let (lo, hi) = k == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
        if c < lo || c > hi { return 0 }
    }
    return length
}

/// For a UTF-8 lead byte: the sequence length and the allowed range of its second byte
/// (RFC 3629 Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF); nil if invalid.
@inline(__always) @usableFromInline
func utf8Lead(_ lead: UInt8) -> (length: Int, low: UInt8, high: UInt8)? {
    switch lead {
    case 0xC2...0xDF: return (2, 0x80, 0xBF)
    case 0xE0: return (3, 0xA0, 0xBF)
    case 0xE1...0xEC, 0xEE...0xEF: return (3, 0x80, 0xBF)
    case 0xED: return (3, 0x80, 0x9F)
    case 0xF0: return (4, 0x90, 0xBF)
    case 0xF1...0xF3: return (4, 0x80, 0xBF)
    case 0xF4: return (4, 0x80, 0x8F)
    default: return nil
    }
}
