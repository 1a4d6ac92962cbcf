/// Writes NDJSON as a series of independent gzip members, one per block of about `blockSize`
/// bytes, on the calling thread (rejects, `convert -o x.gz`; lake parts use `BlockCompressor`).
public final class GzipBlockWriter {
    let output: FileOutput
    private let deflater: Deflater
    private let blockSize: Int
    private var block: [UInt8] = []
    private var compressed: [UInt8] = []

    /// Writes to `output` at compression `level`.
    public init(output: FileOutput, level: Int32, blockSize: Int = 256 * 1024) throws {
        self.output = output
        deflater = try Deflater(level: level)
        self.blockSize = blockSize
        block.reserveCapacity(blockSize + 64 * 1024)
    }

    /// Appends one record (its text including the newline); compresses a block once it is full.
    public func append<Bytes: Collection>(_ line: Bytes) throws where Bytes.Element == UInt8 {
        block.append(contentsOf: line)
        if block.count >= blockSize { try flushBlock() }
    }

    /// Compresses the pending block as one member.
    public func flushBlock() throws {
        guard !block.isEmpty else { return }
        compressed.removeAll(keepingCapacity: true)
        try block.withUnsafeBytes { try deflater.compressMember($0, appendingTo: &compressed) }
        try output.write(compressed)
        block.removeAll(keepingCapacity: true)
    }

    /// Flushes the last block and syncs the file.
    public func finish() throws {
        try flushBlock()
        try output.sync()
    }
}
