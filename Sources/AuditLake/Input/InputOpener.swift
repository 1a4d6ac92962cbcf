/// Opens inputs: a file or `-` (standard input), inflating gzip when its magic bytes say so.
public enum InputOpener {
    /// An opened input: the bytes to read and what was found about the container.
    public struct Opened {
        /// The (decompressed) bytes of the input.
        public let source: ByteSource
        /// True when the file was gzip-compressed.
        public let isGzip: Bool
        /// The first bytes of the decompressed content, for format detection.
        public let head: [UInt8]
    }

    /// Opens `path`, detecting gzip by its magic bytes (1F 8B), never by its name.
    public static func open(_ path: String, headBytes: Int = 4096) throws -> Opened {
        let file = PeekableSource(try FileByteSource(path: path))
        let magic = file.peek(2)
        if magic == [0x1F, 0x8B] {
            let inflated = PeekableSource(try GzipSource(file, path: path))
            return Opened(source: inflated, isGzip: true, head: inflated.peek(headBytes))
        }
        return Opened(source: file, isGzip: false, head: file.peek(headBytes))
    }
}
