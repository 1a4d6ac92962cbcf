#if canImport(Glibc)
import Glibc
#endif

/// A file opened for writing (one descriptor, closed in `deinit`); `-` is standard output.
public final class FileOutput {
    let fd: Int32
    let ownsDescriptor: Bool
    /// The path written.
    public let path: String
    /// Bytes written so far.
    public private(set) var bytesWritten = 0

    /// Creates (or truncates) `path`, or uses standard output for `-`.
    public init(path: String) throws {
        self.path = path
        if path == "-" {
            fd = 1
            ownsDescriptor = false
            return
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError(path: path, message: "cannot create: \(errnoText())") }
        self.fd = fd
        ownsDescriptor = true
    }

    deinit { if ownsDescriptor { close(fd) } }

    /// Writes all of `bytes`, retrying short writes and EINTR.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw OutputError(path: path, message: "write failed: \(errnoText())")
            }
            offset += n
        }
        bytesWritten += bytes.count
    }

    /// Writes all of `bytes`.
    public func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    /// Flushes the file to stable storage (not for standard output).
    public func sync() throws {
        guard ownsDescriptor else { return }
        if fsync(fd) != 0 { throw OutputError(path: path, message: "fsync failed: \(errnoText())") }
    }
}

/// A problem writing output: which file, and what went wrong.
public struct OutputError: Error, Sendable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// What went wrong.
    public var message: String

    /// An error for `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// "path: message"
    public var description: String { "\(path): \(message)" }
}
