#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Something that hands out bytes in chunks: a file, standard input, or an inflated gzip stream.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes; returns 0 only at the end of the input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// Bytes read from the underlying file so far (compressed bytes for gzip input).
    var bytesReadFromFile: Int { get }
    /// The file's modification time (nil for standard input).
    var modificationTime: Timestamp? { get }
}

/// A problem reading an input: which input, and what went wrong.
public struct InputError: Error, Sendable, CustomStringConvertible {
    /// The input's path (`-` for standard input).
    public var path: String
    /// What went wrong, e.g. "cannot open: No such file or directory".
    public var message: String

    /// Creates an error for `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// "path: message"
    public var description: String { "\(path): \(message)" }
}

/// Reads a file descriptor (a file, or standard input) with plain `read(2)` calls.
public final class FileByteSource: ByteSource {
    let fd: Int32
    let ownsDescriptor: Bool
    /// The input's path, `-` for standard input.
    public let path: String
    /// Bytes read so far.
    public private(set) var bytesReadFromFile = 0
    /// The file's modification time (nil for standard input and pipes).
    public private(set) var modificationTime: Timestamp?

    /// Opens `path` for reading (`-` means standard input).
    public init(path: String) throws {
        self.path = path
        if path == "-" {
            fd = 0
            ownsDescriptor = false
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError(path: path, message: "cannot open: \(errnoText())") }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw InputError(path: path, message: "is a directory")
        }
        if (info.st_mode & S_IFMT) == S_IFREG {
            modificationTime = Timestamp(nanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
        }
        self.fd = fd
        ownsDescriptor = true
    }

    deinit { if ownsDescriptor { close(fd) } }

    /// Reads the next bytes, retrying on EINTR.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 {
                bytesReadFromFile += n
                return n
            }
            if errno == EINTR { continue }
            throw InputError(path: path, message: "read failed at byte \(bytesReadFromFile): \(errnoText())")
        }
    }
}

/// The text of the current `errno`.
func errnoText() -> String { String(cString: strerror(errno)) }
