// Chunks (windows-security.md §5.2-5.3): 65536 bytes, a 512-byte header with two CRC32s, then
// event records back to back. Chunks are independent (their own name and template caches), so
// they can be parsed in parallel. Nothing here traps on bad bytes: every read is checked and a
// failure becomes an EVTXError with chunk, file offset and reason.

/// Reads chunk after chunk (one reader per thread) with the same working memory, and compiles a
/// template met again in a later chunk only once (same GUID, size and shape: TemplateShape.swift).
public final class EVTXChunkReader {
    private var context: ChunkContext?
    private let shared: TemplateCache?
    private let crc: (UInt32, UnsafeRawBufferPointer) -> UInt32

    /// A reader; `sharingTemplates` false compiles every chunk's templates anew (as
    /// `EVTXChunk.parse` does). `crc32` continues a CRC-32 (zlib's polynomial) over bytes; the
    /// default is this module's own (a caller with zlib at hand can pass its faster one).
    public init(sharingTemplates: Bool = true, crc32: ((UInt32, UnsafeRawBufferPointer) -> UInt32)? = nil) {
        shared = sharingTemplates ? TemplateCache() : nil
        crc = crc32 ?? CRC32.update
    }

    /// Parses the chunk in `bytes`, visiting each record that reads in order (`result.records`
    /// stays empty); what could not be read is in the result's errors. The views are valid only
    /// during `each`.
    public func parse(
        _ bytes: UnsafeRawBufferPointer, index: Int, fileOffset: Int, elements: Bool = false,
        each: (EVTXRecordInfo, EVTXEventView) throws -> Void
    ) rethrows -> EVTXChunkResult {
        let magic = EVTXChunk.magic
        var result = EVTXChunkResult(index: index)
        func fail(_ offset: Int, _ reason: String) {
            result.errors.append(EVTXError(chunk: index, offset: fileOffset + offset, reason: reason))
        }
        guard bytes.count >= 512, bytes.starts(with: magic) else {
            if ChunkBytes(base: bytes).isAllZero {
                result.isUnused = true
            } else if bytes.count < 512 {
                fail(0, "chunk cut short: \(bytes.count) of 65536 bytes (truncated file)")
            } else {
                fail(0, "bad chunk magic \(hexUpper(UnsafeRawBufferPointer(rebasing: bytes[0..<8]))); expected ElfChnk")
            }
            return result
        }
        let b = ChunkBytes(base: bytes)
        let lastRecordOffset = Int((try? b.u32(44, "")) ?? 0)
        let freeSpace = min(Int((try? b.u32(48, "")) ?? 0), bytes.count)
        let headerCRC = (try? b.u32(124, "")) ?? 0
        let computed = crc(crc(0, UnsafeRawBufferPointer(rebasing: bytes[0..<120])), UnsafeRawBufferPointer(rebasing: bytes[128..<512]))
        result.headerChecksumOK = computed == headerCRC
        if freeSpace > 512 {
            let dataCRC = (try? b.u32(52, "")) ?? 0
            result.dataChecksumOK = crc(0, UnsafeRawBufferPointer(rebasing: bytes[512..<freeSpace])) == dataCRC
        }
        let context: ChunkContext
        if let known = self.context {
            known.reset(bytes)
            context = known
        } else {
            context = ChunkContext(bytes, shared: shared)
            self.context = context
        }
        /// After damage that leaves no record size to trust: the next place, in 8-byte steps (as
        /// records are aligned), where a whole record header reads (signature, a size that fits
        /// the written part of the chunk, the same size at its end), so that the good records
        /// after a bad one are read; the damage is a reject saying where reading resumed.
        var resumedAfter: Int?
        func resume(after damaged: Int, _ what: String) -> Int? {
            var o = (damaged + 8) & ~7
            while o + 28 <= freeSpace && o <= lastRecordOffset {
                if b.base.loadUnaligned(fromByteOffset: o, as: UInt32.self) == UInt32(0x0000_2A2A).littleEndian,
                   let size = try? Int(b.u32(o + 4, "")), size >= 28, o + size <= freeSpace,
                   (try? b.u32(o + size - 4, "")) == UInt32(size) {
                    fail(damaged, "\(what); reading resumes at the next whole record, chunk offset \(o)")
                    resumedAfter = damaged
                    return o
                }
                o += 8
            }
            fail(damaged, "\(what); the rest of the chunk is skipped")
            return nil
        }
        var offset = 512
        while offset + 24 <= freeSpace && offset <= lastRecordOffset {
            let signature = (try? b.u32(offset, "")) ?? 0
            guard signature == 0x0000_2A2A else {
                // Zeros where the header promises more records: space never written (a chunk
                // copied while it was being filled). Nothing is lost there.
                if (try? b.u64(offset, "")) == 0 { break }
                guard let next = resume(after: offset, "no record signature (**) at chunk offset \(offset)") else { break }
                offset = next
                continue
            }
            let size = Int((try? b.u32(offset + 4, "")) ?? 0)
            guard size >= 28, offset + size <= bytes.count else {
                guard let next = resume(after: offset, "record size \(size) at chunk offset \(offset) is impossible (28 to \(bytes.count - offset))") else { break }
                offset = next
                continue
            }
            let copy = (try? b.u32(offset + size - 4, "")) ?? 0
            let recordID = (try? b.u64(offset + 8, "")) ?? 0
            let info = EVTXRecordInfo(chunk: index, fileOffset: fileOffset + offset, headerRecordID: recordID,
                                      writtenTime: (try? b.u64(offset + 16, "")) ?? 0, resumedAfter: resumedAfter)
            // A trailing size copy that differs (often 0: the last record of a chunk that was
            // being written) is tolerated when the record itself reads; otherwise it ends the chunk.
            let copyOK = Int(copy) == size
            var compiled = false
            do {
                if !elements, try context.resolve(start: offset + 24, end: offset + size - 4) {
                    compiled = true
                } else {
                    result.treeRecords += 1
                    let tree = try context.document(start: offset + 24, end: offset + size - 4)
                    guard let element = tree.first(where: { $0.name == "Event" }) else {
                        fail(offset, "record \(recordID) holds no <Event> element")
                        offset += size
                        continue
                    }
                    guard let event = WindowsEvent(element: element) else {
                        fail(offset, "record \(recordID): <Event> has no <System>")
                        offset += size
                        continue
                    }
                    context.treeEvent = event
                    context.treeElement = element
                }
            } catch {
                let reason = (error as? BinXmlError)?.reason ?? (error as? ShortRead)?.reason ?? "\(error)"
                if !copyOK {
                    guard let next = resume(after: offset, "record \(recordID): size \(size) and its trailing copy \(copy) differ, and \(reason)") else { break }
                    offset = next
                    continue
                }
                fail(offset, "record \(recordID): \(reason)")
                offset += size
                continue
            }
            try each(info, EVTXEventView(context: context, compiled: compiled))
            if !compiled {
                context.treeEvent = nil
                context.treeElement = nil
            }
            offset += size
        }
        return result
    }
}

/// Compiled templates by GUID, size and kind, with the shape they were compiled from (compared
/// byte for byte: TemplateShape.swift).
final class TemplateCache {
    private struct Key: Hashable {
        var identity: EVTXTemplateIdentity
        var kind: Int
    }

    private var entries: [Key: (shape: [UInt8], template: CompiledTemplate?)] = [:]

    /// The template compiled from a body of this shape (`.some(nil)`: one that does not compile).
    func template(_ identity: EVTXTemplateIdentity, kind: TemplateKind, shape: UnsafeRawBufferPointer) -> CompiledTemplate?? {
        guard let entry = entries[Key(identity: identity, kind: kind.rawValue)],
              entry.shape.withUnsafeBytes({ sameShape($0, shape) })
        else { return nil }
        return .some(entry.template)
    }

    func store(_ template: CompiledTemplate?, _ identity: EVTXTemplateIdentity, kind: TemplateKind, shape: UnsafeRawBufferPointer) {
        if entries.count >= 4096 { entries.removeAll() }
        entries[Key(identity: identity, kind: kind.rawValue)] = (Array(shape), template)
    }
}
