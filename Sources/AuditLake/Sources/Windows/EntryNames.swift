import EVTX
import Foundation
import JSONStream

/// What the mapper learned of one template's data entries (kept with the template for its
/// chunk): the `DataName` of each entry, and whether two entries share a name.
final class EntryNames {
    let names: [Int16]
    let unique: Bool
    /// Each entry's name as a JSON member key (`"name":`, escaped), back to back: entry `k` is the bytes
    /// from `keyOffsets[k]` to `keyOffsets[k + 1]` (memory read for every item of every record).
    private let keys: UnsafeMutableRawPointer
    private let keyOffsets: UnsafeMutablePointer<Int32>
    /// Each entry's name as written (nil: made per record): `raw[rawRanges[entry]]`.
    private let raw: [UInt8]
    private let rawRanges: [Range<Int>?]

    init(_ view: EVTXEventView, count: Int) {
        var names = [Int16](repeating: -1, count: count)
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
            let name = view.bytes(text)
            // Compared by bytes with the names before it: a template has tens of entries, met once.
            if unique, raw.withUnsafeBytes({ raw in
                rawRanges.contains { $0.map { sameBytes(name, UnsafeRawBufferPointer(rebasing: raw[$0])) } ?? false }
            }) { unique = false }
            rawRanges.append(raw.count..<(raw.count + name.count))
            raw.append(contentsOf: name)
            writer.reset(keepingText: true)
            writer.string(bytes: name)
            writer.append(byte: UInt8(ascii: ":"))
            if let known = DataName(bytes: name) { names[entry] = Int16(known.rawValue) }
        }
        self.names = names
        self.unique = unique
        let keys = UnsafeMutableRawPointer.allocate(byteCount: max(writer.count, 1), alignment: 1)
        writer.withBytes { if let base = $0.baseAddress { keys.copyMemory(from: base, byteCount: $0.count) } }
        let offsets = UnsafeMutablePointer<Int32>.allocate(capacity: count + 1)
        offsets[0] = 0
        for (k, range) in ranges.enumerated() { offsets[k + 1] = Int32(range.upperBound) }
        self.keys = keys
        keyOffsets = offsets
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

    deinit {
        keys.deallocate()
        keyOffsets.deallocate()
    }

    /// Entry `entry`'s JSON member key, `"name":` (valid while this object lives).
    @inline(__always)
    func key(_ entry: Int) -> UnsafeRawBufferPointer {
        let start = Int(keyOffsets[entry])
        return UnsafeRawBufferPointer(start: keys + start, count: Int(keyOffsets[entry + 1]) - start)
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
    sameBytes(a, staticBytes(b))
}
