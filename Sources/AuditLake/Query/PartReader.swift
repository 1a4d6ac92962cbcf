#if canImport(Glibc)
import Glibc
#endif

/// Reads records back from part files by seeking to their gzip member: a member is inflated
/// alone, never the whole file. The last `capacity` members read are kept, since events in time
/// order interleave partitions.
public final class PartReader {
    private struct Key: Hashable {
        var path: String
        var offset: Int
    }

    private var cache: [Key: (lines: [ArraySlice<UInt8>], lastUse: Int)] = [:]
    private var uses = 0
    private let capacity: Int

    /// A reader keeping up to `capacity` inflated members.
    public init(capacity: Int = 32) { self.capacity = capacity }

    /// The `index`-th line (without its newline) of the gzip member at `memberOffset` in `path`.
    public func record(path: String, memberOffset: Int, index: Int) throws -> ArraySlice<UInt8> {
        let key = Key(path: path, offset: memberOffset)
        uses += 1
        let lines: [ArraySlice<UInt8>]
        if let hit = cache[key] {
            lines = hit.lines
        } else {
            lines = try PartReader.member(path: path, memberOffset: memberOffset)
            if cache.count >= capacity, let oldest = cache.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                cache[oldest.key] = nil
            }
        }
        cache[key] = (lines, uses)
        guard index >= 0, index < lines.count else {
            throw InputError(path: path, message: "member at byte \(memberOffset) has no line \(index)")
        }
        return lines[index]
    }

    /// One record, without a cache (see `record(path:memberOffset:index:)`).
    public static func record(path: String, memberOffset: Int, index: Int) throws -> [UInt8] {
        Array(try PartReader().record(path: path, memberOffset: memberOffset, index: index))
    }

    /// The lines of the gzip member at `memberOffset` in `path`.
    static func member(path: String, memberOffset: Int) throws -> [ArraySlice<UInt8>] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError(path: path, message: "cannot open: \(errnoText())") }
        defer { close(fd) }
        guard lseek(fd, off_t(memberOffset), SEEK_SET) == off_t(memberOffset) else {
            throw InputError(path: path, message: "cannot seek to byte \(memberOffset): \(errnoText())")
        }
        let inflater = try Inflater()
        var input = [UInt8](repeating: 0, count: 64 * 1024)
        var output = [UInt8](repeating: 0, count: 256 * 1024)
        var text: [UInt8] = []
        var ended = false
        while !ended {
            let n = input.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw InputError(path: path, message: "gzip member at byte \(memberOffset) is cut short") }
            var consumed = 0
            while consumed < n && !ended {
                let r = input.withUnsafeBytes { raw in
                    output.withUnsafeMutableBytes { inflater.inflate(UnsafeRawBufferPointer(rebasing: raw[consumed..<n]), into: $0) }
                }
                if let error = r.error { throw InputError(path: path, message: "corrupt gzip member at byte \(memberOffset): \(error.message)") }
                consumed += r.consumed
                text += output[0..<r.produced]
                ended = r.memberEnded
                if r.consumed == 0 && r.produced == 0 { break }
            }
        }
        var lines = text.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}
