import EVTX
import Foundation
import JSONStream

/// What the mapper learned of one template's data entries (kept with the template for its
/// chunk): the `DataName` of each entry, and whether two entries share a name.
final class EntryNames {
    let names: [Int16]
    let unique: Bool
    /// Each entry's name as a JSON key (quoted, escaped): `keys[keyRanges[entry]]`.
    private let keys: [UInt8]
    private let keyRanges: [Range<Int>]
    /// Each entry's name as written (nil: made per record): `raw[rawRanges[entry]]`.
    private let raw: [UInt8]
    private let rawRanges: [Range<Int>?]

    init(_ view: EVTXEventView, count: Int) {
        var names = [Int16](repeating: -1, count: count)
        var seen = Set<String>()
        var unique = true
        var writer = JSONWriter(capacity: 64 * count)
        var ranges: [Range<Int>] = []
        var raw: [UInt8] = []
        var rawRanges: [Range<Int>?] = []
        for entry in 0..<count {
            let start = writer.count
            defer { ranges.append(start..<writer.count) }
            guard let text = view.entryName(entry) else {
                rawRanges.append(nil)
                continue
            }
            rawRanges.append(raw.count..<(raw.count + view.bytes(text).count))
            raw.append(contentsOf: view.bytes(text))
            writer.reset(keepingText: true)
            writer.string(bytes: view.bytes(text))
            let name = String(decoding: view.bytes(text), as: UTF8.self)
            if !seen.insert(name).inserted { unique = false }
            if let known = DataName.byName[name] { names[entry] = Int16(known.rawValue) }
        }
        self.names = names
        self.unique = unique
        keys = writer.bytes
        keyRanges = ranges
        self.raw = raw
        self.rawRanges = rawRanges
    }

    /// A hash of the names of the view's template entries.
    static func hash(_ view: EVTXEventView, count: Int) -> Int {
        var hasher = Hasher()
        hasher.combine(count)
        for entry in 0..<count {
            if let name = view.entryName(entry) { hasher.combine(bytes: view.bytes(name)) } else { hasher.combine(-1) }
        }
        return hasher.finalize()
    }

    /// True when the template the view's items come from names its entries exactly as these do
    /// (the same template met again in another chunk).
    func matches(_ view: EVTXEventView, count: Int) -> Bool {
        guard count == rawRanges.count else { return false }
        return raw.withUnsafeBytes { raw in
            for entry in 0..<count {
                let name = view.entryName(entry)
                guard let range = rawRanges[entry] else {
                    if name != nil { return false }
                    continue
                }
                guard let name, sameBytes(view.bytes(name), UnsafeRawBufferPointer(rebasing: raw[range])) else { return false }
            }
            return true
        }
    }

    /// Calls `body` with entry `entry`'s JSON key.
    @inline(__always)
    func withKey(_ entry: Int, _ body: (UnsafeRawBufferPointer) -> Void) {
        keys.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[keyRanges[entry]])) }
    }
}

/// True when `a` and `b` hold the same bytes.
@inline(__always)
func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
}

/// True when `a` holds the UTF-8 of `b`.
@inline(__always)
func sameBytes(_ a: UnsafeRawBufferPointer, _ b: StaticString) -> Bool {
    sameBytes(a, UnsafeRawBufferPointer(start: b.utf8Start, count: b.utf8CodeUnitCount))
}
