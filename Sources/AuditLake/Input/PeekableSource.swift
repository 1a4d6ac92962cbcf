/// A source whose first bytes can be looked at before they are read (for magic numbers).
final class PeekableSource: ByteSource {
    let inner: ByteSource
    private var head: [UInt8] = []
    private var headOffset = 0
    /// An error met while peeking, raised once the bytes before it have been read.
    private var pendingError: Error?

    init(_ inner: ByteSource) { self.inner = inner }

    var bytesReadFromFile: Int { inner.bytesReadFromFile }
    var modificationTime: Timestamp? { inner.modificationTime }

    /// Up to `count` first bytes (fewer only when the input is shorter).
    func peek(_ count: Int) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: max(count, 64 * 1024))
        while head.count < count && pendingError == nil {
            do {
                let n = try chunk.withUnsafeMutableBytes { try inner.read(into: $0) }
                if n == 0 { break }
                head.append(contentsOf: chunk[0..<n])
            } catch {
                pendingError = error
            }
        }
        return Array(head.prefix(count))
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if headOffset < head.count {
            let n = min(buffer.count, head.count - headOffset)
            head.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + headOffset, byteCount: n) }
            headOffset += n
            if headOffset == head.count {
                head = []
                headOffset = 0
            }
            return n
        }
        if let error = pendingError {
            pendingError = nil
            throw error
        }
        return try inner.read(into: buffer)
    }
}
