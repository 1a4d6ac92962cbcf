import JSONStream

/// Remembers record ids seen in a run so each is written once.
///
/// GUIDs (what Microsoft's `Id` is) are kept as 16 bytes; other ids as text. Never a hash of
/// the raw record: Microsoft reorders keys between deliveries of the same record.
public struct Deduplicator {
    private var guids = Set<GUIDKey>()
    private var others = Set<TextKey>()

    /// An empty set.
    public init() {}

    /// The key that identifies `e` as the same record: its dedupe key or id, GUIDs in lower case.
    public static func key(of e: Event) -> String? {
        guard let key = e.dedupeKey ?? e.id else { return nil }
        return GUIDKey(key) != nil ? key.lowercased() : key
    }

    /// Keys held.
    public var count: Int { guids.count + others.count }

    /// Every key seen as index bytes (see `bytes(of:)`), in no particular order.
    public func allKeys() -> [[UInt8]] { guids.map(\.bytes) + others.map { [2] + Array($0.text.utf8) } }

    /// A key as the index stores it: 0x01 + 16 bytes for a GUID, 0x02 + UTF-8 otherwise.
    public static func bytes(of key: String) -> [UInt8] {
        if let guid = GUIDKey(key) { return guid.bytes }
        return [2] + Array(key.utf8)
    }

    /// True the first time `id` is seen (case-insensitive for GUIDs).
    public mutating func firstSighting(of id: String) -> Bool {
        if let key = GUIDKey(id) { return guids.insert(key).inserted }
        return others.insert(TextKey(id)).inserted
    }
}

/// A key that is not a GUID, with its (seeded) hash computed once: the set then hashes one word
/// per key, and a resize rehashes no text (keys such as EVTX's `computer|channel|record id|time`
/// are sixty bytes and more, one per record). Seeded as Swift's own hashing is, so that crafted
/// keys cannot make the set slow.
struct TextKey: Hashable {
    let text: String
    private let hash: Int

    init(_ text: String) {
        self.text = text
        hash = text.hashValue
    }

    static func == (a: TextKey, b: TextKey) -> Bool { a.hash == b.hash && a.text == b.text }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}

/// A GUID as two 64-bit halves.
struct GUIDKey: Hashable {
    let high: UInt64
    let low: UInt64

    /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (hex, either case), nil otherwise.
    init?(_ text: String) {
        var high: UInt64 = 0, low: UInt64 = 0, nibbles = 0
        var utf8 = text.utf8.makeIterator()
        var position = 0
        while let c = utf8.next() {
            defer { position += 1 }
            if position == 8 || position == 13 || position == 18 || position == 23 {
                guard c == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard let v = hexValue(c) else { return nil }
            if nibbles < 16 { high = high << 4 | UInt64(v) } else { low = low << 4 | UInt64(v) }
            nibbles += 1
        }
        guard position == 36, nibbles == 32 else { return nil }
        self.high = high
        self.low = low
    }

    /// 0x01 and the 16 bytes, big-endian (sorts like the text form).
    var bytes: [UInt8] {
        var out: [UInt8] = [1]
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: high >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: low >> UInt64(shift))) }
        return out
    }
}
