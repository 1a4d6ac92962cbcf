// Gzip input, inflated as it is read. A file may hold several gzip members one after another
// (auditlake's own part files do; so do `cat a.gz b.gz` and rotated logs): each member is
// inflated in turn. Zero bytes after the last member (block padding) are ignored; anything
// else there, and a file cut short inside a member, is an error naming the compressed offset.

/// Inflates a gzip stream read from another source.
final class GzipSource: ByteSource {
    let inner: ByteSource
    let path: String
    private let inflater: Inflater
    private var input: [UInt8]
    private var inputStart = 0
    private var inputEnd = 0
    private var atMemberStart = true
    private var finished = false

    var bytesReadFromFile: Int { inner.bytesReadFromFile }
    var modificationTime: Timestamp? { inner.modificationTime }

    init(_ inner: ByteSource, path: String, chunkSize: Int = 256 * 1024) throws {
        self.inner = inner
        self.path = path
        input = [UInt8](repeating: 0, count: chunkSize)
        do {
            inflater = try Inflater()
        } catch {
            throw InputError(path: path, message: "cannot start gzip decoding: \(error)")
        }
    }

    /// Compressed offset of the next unread compressed byte.
    private var compressedOffset: Int { inner.bytesReadFromFile - (inputEnd - inputStart) }

    private func refill() throws -> Bool {
        let n = try input.withUnsafeMutableBytes { try inner.read(into: $0) }
        inputStart = 0
        inputEnd = n
        return n > 0
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while !finished {
            if inputStart == inputEnd {
                if try !refill() {
                    if atMemberStart {
                        finished = true
                        return 0
                    }
                    throw InputError(path: path, message: "gzip data cut short at compressed byte \(compressedOffset) (truncated file)")
                }
            }
            if atMemberStart {
                // Between members: skip zero padding; anything else must be a gzip header.
                while inputStart < inputEnd && input[inputStart] == 0 { inputStart += 1 }
                if inputStart == inputEnd { continue }
                if input[inputStart] != 0x1F {
                    throw InputError(path: path, message: "data after the last gzip member at compressed byte \(compressedOffset) is not gzip")
                }
                atMemberStart = false
            }
            let result = input.withUnsafeBytes { raw in
                inflater.inflate(UnsafeRawBufferPointer(rebasing: raw[inputStart..<inputEnd]), into: buffer)
            }
            if let error = result.error {
                inputStart += result.consumed
                throw InputError(path: path, message: "corrupt gzip data near compressed byte \(compressedOffset): \(error.message)")
            }
            inputStart += result.consumed
            if result.memberEnded {
                inflater.reset()
                atMemberStart = true
            }
            if result.produced > 0 { return result.produced }
        }
        return 0
    }
}
