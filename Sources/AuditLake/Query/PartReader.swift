#if canImport(Glibc)
import Glibc
#endif

/// Reads one record back from a part file by seeking to its gzip member: the member is inflated
/// alone, never the whole file.
public enum PartReader {
    /// The `index`-th line (without its newline) of the gzip member at `memberOffset` in `path`.
    public static func record(path: String, memberOffset: Int, index: Int) throws -> [UInt8] {
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
        let lines = text.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard index >= 0, index < lines.count - 1 else {
            throw InputError(path: path, message: "member at byte \(memberOffset) has no line \(index)")
        }
        return Array(lines[index])
    }
}
