import Foundation

// The text forms of Windows values the mapper reads: placeholders for "nothing", event ids,
// process ids in decimal or hex, path names.

/// nil for the placeholders Windows writes for "nothing": empty, `-`, the NULL SID.
func meaningful(_ value: String?) -> String? {
    guard let value, !value.isEmpty, value != "-", value != "S-1-0-0" else { return nil }
    return value
}

/// An event id written as plain decimal (no sign, space or leading zero) as a number; -1 otherwise.
func eventNumber(_ id: String) -> Int {
    var id = id
    return id.withUTF8 { eventNumber(UnsafeRawBufferPointer($0)) }
}

/// `eventNumber` of UTF-8 bytes.
func eventNumber(_ id: UnsafeRawBufferPointer) -> Int {
    var n = 0, digits = 0
    for c in id {
        guard c >= 0x30, c <= 0x39, digits < 9, !(digits == 1 && n == 0) else { return -1 }
        n = n * 10 + Int(c - 0x30)
        digits += 1
    }
    return digits == 0 ? -1 : n
}

/// A process id written in decimal or hex (`0x44c`).
func pid(_ value: String?) -> Int? {
    guard let value = meaningful(value) else { return nil }
    let number = value.hasPrefix("0x") || value.hasPrefix("0X") ? Int(value.dropFirst(2), radix: 16) : Int(value)
    return number == 0 ? nil : number  // 0x0: no process
}

extension UserFields {
    /// An account written `DOMAIN\name`, split at the first backslash; one at either end leaves
    /// the name whole (no domain).
    init(domainAccount text: String) {
        if let slash = byteOffset(of: UInt8(ascii: "\\"), in: text), slash > 0, slash < text.utf8.count - 1 {
            let utf8 = text.utf8
            self.init(name: String(decoding: utf8.dropFirst(slash + 1), as: UTF8.self), domain: String(decoding: utf8.prefix(slash), as: UTF8.self))
        } else {
            self.init(name: text)
        }
    }
}

extension Event {
    /// A remote client's address into `source.*` (ip, port, the text as written) and
    /// `related.ip`, when it holds an IP address: `LOCAL`, `Unknown` and the like do not.
    mutating func relateClient(_ text: String) {
        let address = ClientAddress.parse(text)
        guard let ip = address.ip else { return }
        sourceIP = ip
        sourceAddress = text
        sourcePort = address.port
        relate(ip: ip)
    }
}

/// The last part of a Windows or POSIX path (`C:\\Windows\\cmd.exe` → `cmd.exe`).
func baseName(_ path: String) -> String {
    var path = path
    return path.withUTF8 { bytes in
        var end = bytes.count
        // A trailing separator: the part before it.
        while end > 0, bytes[end - 1] == UInt8(ascii: "\\") || bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
        var start = end
        while start > 0, bytes[start - 1] != UInt8(ascii: "\\"), bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
        guard end > 0 else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}

/// The byte offset of the first `byte` in `text`'s UTF-8.
func byteOffset(of byte: UInt8, in text: String) -> Int? {
    var text = text
    return text.withUTF8 { bytes in
        guard let base = bytes.baseAddress, let hit = memchr(base, Int32(byte), bytes.count) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }
}

/// A hexadecimal number with or without `0x`.
func hexNumber(_ text: String) -> UInt64? {
    text.hasPrefix("0x") || text.hasPrefix("0X") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text, radix: 16)
}
