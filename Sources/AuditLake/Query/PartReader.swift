#if canImport(Glibc)
import Glibc
#endif

/// Reads records back from part files by seeking to their gzip member: a member is inflated
/// alone, never the whole file, and the last member read is kept for the records after it.
public final class PartReader {
    private var cachedPath = ""
    private var cachedOffset = -1
    private var cachedLines: [ArraySlice<UInt8>] = []

    /// A reader with an empty cache.
    public init() {}

    /// The `index`-th line (without its newline) of the gzip member at `memberOffset` in `path`.
    public func record(path: String, memberOffset: Int, index: Int) throws -> ArraySlice<UInt8> {
        if path != cachedPath || memberOffset != cachedOffset {
            cachedLines = try PartReader.member(path: path, memberOffset: memberOffset)
            cachedPath = path
            cachedOffset = memberOffset
        }
        guard index >= 0, index < cachedLines.count else {
            throw InputError(path: path, message: "member at byte \(memberOffset) has no line \(index)")
        }
        return cachedLines[index]
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
