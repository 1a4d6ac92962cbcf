// What reading a chunk gives (records, errors, checksum flags), the one-call parses of a chunk
// (EVTXChunkReader.swift reads it), and the file header (windows-security.md §5.1).

/// One event record read from a chunk.
public struct EVTXRecord: Sendable {
    /// 0-based chunk number.
    public var chunk: Int
    /// Byte offset of the record in the file.
    public var fileOffset: Int
    /// The record header's identifier (the Event's EventRecordID is authoritative).
    public var headerRecordID: UInt64
    /// The record header's written time (FILETIME ticks).
    public var writtenTime: UInt64
    /// The chunk offset of damage this record was read past (reading resumed after it), if any.
    public var resumedAfter: Int?
    /// The event's System values and data.
    public var event: WindowsEvent
    /// The rendered `<Event>` element, kept only when asked for (`parse(..., elements: true)`).
    public var element: EventElement?
}

/// What one chunk held.
public struct EVTXChunkResult: Sendable {
    /// 0-based chunk number.
    public var index: Int
    /// The records read, in order.
    public var records: [EVTXRecord] = []
    /// What could not be read.
    public var errors: [EVTXError] = []
    /// False when the header CRC32 does not match (the chunk is read anyway).
    public var headerChecksumOK = true
    /// False when the records' CRC32 does not match (the chunk is read anyway).
    public var dataChecksumOK = true
    /// True for an all-zero chunk (preallocated, never written): no records, no error.
    public var isUnused = false
    /// Records that needed the element tree (their template did not compile, or trees were asked for).
    public var treeRecords = 0
}

/// Parses EVTX chunks.
public enum EVTXChunk {
    /// Bytes per chunk.
    public static let size = 65536
    static let magic: [UInt8] = Array("ElfChnk\0".utf8)

    /// Parses the chunk in `bytes` (at most 65536 bytes; fewer when the file was cut short) into
    /// records with their events. Records of common templates are read without an element tree
    /// unless `elements` asks for it.
    public static func parse(_ bytes: UnsafeRawBufferPointer, index: Int, fileOffset: Int, elements: Bool = false) -> EVTXChunkResult {
        var records: [EVTXRecord] = []
        var result = parse(bytes, index: index, fileOffset: fileOffset, elements: elements) { info, view in
            records.append(EVTXRecord(chunk: info.chunk, fileOffset: info.fileOffset, headerRecordID: info.headerRecordID,
                                      writtenTime: info.writtenTime, resumedAfter: info.resumedAfter, event: view.windowsEvent(),
                                      element: elements ? view.context.treeElement : nil))
        }
        result.records = records
        return result
    }

    /// Parses the chunk in `bytes`, visiting each record that reads in order (`result.records`
    /// stays empty); what could not be read is in the result's errors.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, index: Int, fileOffset: Int, elements: Bool = false,
        each: (EVTXRecordInfo, EVTXEventView) throws -> Void
    ) rethrows -> EVTXChunkResult {
        try EVTXChunkReader(sharingTemplates: false).parse(bytes, index: index, fileOffset: fileOffset, elements: elements, each: each)
    }
}

/// The EVTX file header (first 4096 bytes).
public struct EVTXFileHeader: Sendable {
    /// Chunks the header claims (may be stale in dirty files; read every slot anyway).
    public var chunkCount: Int
    /// Flags: 0x1 dirty, 0x2 full.
    public var flags: UInt32
    /// Major and minor format version.
    public var version: (major: UInt16, minor: UInt16)
    /// False when the header's CRC32 does not match.
    public var checksumOK: Bool

    /// Bytes before the first chunk.
    public static let size = 4096
    static let magic: [UInt8] = Array("ElfFile\0".utf8)

    /// True when `head` starts with the EVTX file magic.
    public static func matches(_ head: some Collection<UInt8>) -> Bool { head.starts(with: magic) }

    /// Parses the header; nil when it is not an EVTX header.
    public init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 128, bytes.starts(with: EVTXFileHeader.magic) else { return nil }
        let b = ChunkBytes(base: bytes)
        chunkCount = Int((try? b.u16(42, "")) ?? 0)
        flags = (try? b.u32(120, "")) ?? 0
        version = ((try? b.u16(38, "")) ?? 0, (try? b.u16(36, "")) ?? 0)
        checksumOK = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<120])) == ((try? b.u32(124, "")) ?? 0)
    }
}
