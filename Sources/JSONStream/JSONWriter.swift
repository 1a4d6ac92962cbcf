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

    /// Bytes already reserved: no capacity check. Runs of up to 32 bytes (most keys and values)
    /// move as overlapping words instead of through a call to memmove.
    @inlinable @inline(__always)
    mutating func putReserved(_ p: UnsafeRawBufferPointer) {
        let n = p.count
        guard let from = p.baseAddress else { return }
        let to = UnsafeMutableRawPointer(base + used)
        if n > 16 && n <= 32 {
            let w0 = from.loadUnaligned(as: UInt64.self), w1 = from.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            let w2 = from.loadUnaligned(fromByteOffset: n &- 16, as: UInt64.self)
            let w3 = from.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
            to.storeBytes(of: w0, as: UInt64.self)
            to.storeBytes(of: w1, toByteOffset: 8, as: UInt64.self)
            to.storeBytes(of: w2, toByteOffset: n &- 16, as: UInt64.self)
            to.storeBytes(of: w3, toByteOffset: n &- 8, as: UInt64.self)
        } else if n >= 8 && n <= 16 {
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
        if name.utf8.withContiguousStorageIfAvailable({ key(bytes: UnsafeRawBufferPointer($0)) }) == nil {
            var copy = name
            copy.withUTF8 { key(bytes: UnsafeRawBufferPointer($0)) }
        }
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
        writeQuoted(name)
        put(UInt8(ascii: ":"))
        afterKey = true
        needsComma = true
    }

    /// Writes an object member `"name":"value"` with one capacity check: `key` is the member's
    /// key as JSON text with its colon (`"name":`), copied verbatim; `value` needs no escaping
    /// (printable ASCII without `"` or `\\`, as for `string(plain:)`).
    @inlinable
    public mutating func member(_ key: UnsafeRawBufferPointer, plain value: UnsafeRawBufferPointer) {
        reserve(key.count &+ value.count &+ 3)
        if needsComma { base[used] = UInt8(ascii: ","); used &+= 1 }
        putReserved(key)
        base[used] = UInt8(ascii: "\"")
        used &+= 1
        putReserved(value)
        base[used] = UInt8(ascii: "\"")
        used &+= 1
        needsComma = true
    }

    /// Writes an object member whose key is JSON text with its colon (`"name":`, copied
    /// verbatim) and whose value is a string from UTF-8 bytes (escaped and repaired).
    @inlinable
    public mutating func member(_ key: UnsafeRawBufferPointer, string value: UnsafeRawBufferPointer) {
        reserve(key.count &+ 1)
        if needsComma { base[used] = UInt8(ascii: ","); used &+= 1 }
        putReserved(key)
        writeQuoted(value)
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
        writeQuoted(value)
        needsComma = true
    }

    /// Writes a string value whose bytes need no escaping (printable ASCII without `"` or `\`,
    /// such as a rendered number, GUID or time), copied as they are.
    public mutating func string(plain value: UnsafeRawBufferPointer) {
        separate()
        reserve(value.count &+ 2)
        base[used] = UInt8(ascii: "\"")
        used &+= 1
        putReserved(value)
        base[used] = UInt8(ascii: "\"")
        used &+= 1
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
}
