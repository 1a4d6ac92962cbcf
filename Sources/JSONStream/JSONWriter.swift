/// Writes compact JSON text (RFC 8259) into a byte array, placing commas itself.
///
/// Strings are escaped as RFC 8259 requires (`"`, `\`, and control characters; `\n`-style
/// escapes where they exist, `\u00XX` otherwise); invalid UTF-8 in byte input becomes U+FFFD,
/// so the output is always valid UTF-8 JSON. No Foundation.
public struct JSONWriter {
    /// The text written so far.
    public var bytes: [UInt8]
    @usableFromInline var needsComma = false
    @usableFromInline var afterKey = false

    /// Starts an empty writer, reserving `capacity` bytes.
    public init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Clears the text (unless `keepingText`) and the comma state, keeping the storage.
    public mutating func reset(keepingText: Bool = false) {
        if !keepingText { bytes.removeAll(keepingCapacity: true) }
        needsComma = false
        afterKey = false
    }

    @inline(__always) @usableFromInline
    mutating func separate() {
        if afterKey {
            afterKey = false
        } else if needsComma {
            bytes.append(UInt8(ascii: ","))
        }
    }

    /// Opens an object (as a value, or after `key`).
    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    /// Closes the innermost object.
    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Opens an array.
    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    /// Closes the innermost array.
    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes an object key; the next value written is its value.
    public mutating func key(_ name: String) {
        var name = name
        name.withUTF8 { key(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Writes an object key given in the source that needs no escaping (plain ASCII, no `"` or `\`).
    @inline(__always)
    public mutating func key(verbatim name: StaticString) {
        bytes.append(needsComma ? UInt8(ascii: ",") : UInt8(ascii: "\""))
        if needsComma { bytes.append(UInt8(ascii: "\"")) }
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
        needsComma = true
    }

    /// Writes an object key from bytes (escaped as needed).
    public mutating func key(bytes name: UnsafeRawBufferPointer) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        writeEscaped(name)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
        needsComma = true
    }

    /// Writes a parsed string value as a key, copying its text (and escapes) verbatim.
    public mutating func key(json name: JSONValue) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        bytes.append(contentsOf: name.rawBytes)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
        needsComma = true
    }

    /// Writes a string value.
    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { string(bytes: UnsafeRawBufferPointer($0)) }
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
                bytes.append(contentsOf: value.description.utf8)
            }
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
        needsComma = true
    }

    /// Writes a boolean.
    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
        needsComma = true
    }

    /// Writes null.
    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
        needsComma = true
    }

    /// Copies JSON text that is already valid (a value read by the parser) verbatim.
    public mutating func raw(_ json: UnsafeRawBufferPointer) {
        separate()
        bytes.append(contentsOf: json)
        needsComma = true
    }

    /// Copies a parsed value verbatim (strings keep their original escapes).
    public mutating func value(_ value: JSONValue) { raw(value.rawBytes) }

    // MARK: - Text

    @usableFromInline
    mutating func appendDecimal(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]))
        }
    }

    /// Writes `"text"` with RFC 8259 escaping and UTF-8 repair.
    @usableFromInline
    mutating func writeEscaped(_ text: UnsafeRawBufferPointer) {
        bytes.append(UInt8(ascii: "\""))
        let n = text.count
        var i = 0
        var run = 0
        while i < n {
            // Eight plain ASCII bytes at a time (no quote, backslash, control or non-ASCII byte).
            while i &+ 8 <= n, !ValueScanner.hasSpecialByte(text.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { i &+= 8 }
            guard i < n else { break }
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
            if run < i { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[run..<i])) }
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])  // invalid UTF-8 byte
            }
            i += 1
            run = i
        }
        if run < n { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[run..<n])) }
        bytes.append(UInt8(ascii: "\""))
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
