import JSONStream

/// Feeds a byte source through a `JSONRecordStream`, chunk by chunk, to a handler.
public struct JSONFileReader {
    /// What reading the whole input found.
    public struct Summary: Sendable {
        /// The layout of the input.
        public var shape: JSONShape = .empty
        /// Records read.
        public var records = 0
        /// Records (or regions) that could not be read.
        public var failures = 0
        /// The first of them.
        public var firstFailure: JSONStreamFailure?
        /// A read or decompression error that stopped the input early.
        public var inputError: InputError?
        /// Decompressed bytes consumed.
        public var bytes = 0
    }

    /// Stream options (depth, single-value mode).
    public var options: JSONStreamOptions
    /// Bytes read per chunk.
    public var chunkSize: Int

    /// A reader with default options and 1 MiB chunks.
    public init(options: JSONStreamOptions = JSONStreamOptions(), chunkSize: Int = 1 << 20) {
        self.options = options
        self.chunkSize = chunkSize
    }

    /// Reads `source` to its end, calling `handle` for each record and failure in input order.
    public func read(_ source: ByteSource, handle: (JSONStreamEvent) throws -> Void) rethrows -> Summary {
        let stream = JSONRecordStream(options: options)
        var summary = Summary()
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { chunk.deallocate() }
        func drain() throws {
            while let event = stream.next() {
                switch event {
                case .record: summary.records += 1
                case .failure(let failure):
                    summary.failures += 1
                    if summary.firstFailure == nil { summary.firstFailure = failure }
                }
                try handle(event)
            }
        }
        while !stream.isFinished {
            let n: Int
            do {
                n = try source.read(into: chunk)
            } catch {
                summary.inputError = error as? InputError ?? InputError(path: "", message: "\(error)")
                break
            }
            if n == 0 { break }
            stream.append(UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
            try drain()
        }
        if !stream.isFinished {
            stream.finish()
            try drain()
        }
        summary.shape = stream.shape
        summary.bytes = stream.consumedBytes
        return summary
    }
}
