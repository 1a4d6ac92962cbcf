// systemd's Journal Export Format (`journalctl -o export`, linux-syslog.md §6):
//
//   __CURSOR=s=...\n            a text field: KEY=value up to the line break
//   MESSAGE\n<u64 LE size><bytes>\n   a binary-safe field: the name alone, then size and bytes
//   ...\n
//   \n                          an empty line ends the entry
//
// Streaming: bytes go in as they are read; each entry comes out once its empty line (or the end
// of the input) is reached. A damaged entry is a failure naming its offset, and reading goes on
// after the next empty line.

/// Reads journal export text into entries.
final class JournalExportReader {
    /// One entry, or one that could not be read; `raw` is valid only during the call.
    enum Step {
        case entry(JournalEntry, offset: Int, line: Int, raw: UnsafeRawBufferPointer)
        case failure(String, offset: Int, line: Int)
    }

    /// The largest binary field believed (a larger size is damage, not data).
    static let maxField = 1 << 30

    private var buffer: [UInt8] = []
    /// Input offset and line number of `buffer[0]`.
    private var offset = 0, line = 1
    /// Line breaks counted so far in `buffer`: up to `counted`, `lines` of them.
    private var counted = 0, lines = 0

    /// Adds input and hands out the entries it completes.
    func append(_ bytes: UnsafeRawBufferPointer, _ emit: (Step) throws -> Void) rethrows {
        buffer.append(contentsOf: bytes)
        try drain(final: false, emit)
    }

    /// Hands out what is left at the end of the input.
    func finish(_ emit: (Step) throws -> Void) rethrows {
        try drain(final: true, emit)
    }

    private enum Parse {
        case entry([(name: String, value: ArraySlice<UInt8>)], end: Int)
        case needMore
        case damaged(String, resume: Int)
    }

    private func drain(final: Bool, _ emit: (Step) throws -> Void) rethrows {
        var start = 0
        while start < buffer.count {
            switch parse(from: start, final: final) {
            case .needMore:
                compact(start)
                return
            case .entry(let fields, let end):
                if !fields.isEmpty {
                    let entry = JournalEntry(fields: merged(fields))
                    try buffer.withUnsafeBytes { all in
                        try emit(.entry(entry, offset: offset + start, line: lineAt(start),
                                        raw: UnsafeRawBufferPointer(rebasing: all[start..<min(end, all.count)])))
                    }
                }
                start = end
            case .damaged(let reason, let resume):
                try emit(.failure(reason, offset: offset + start, line: lineAt(start)))
                start = resume
            }
        }
        compact(start)
    }

    /// One entry from `start`: its fields and where the next one begins.
    private func parse(from start: Int, final: Bool) -> Parse {
        var fields: [(name: String, value: ArraySlice<UInt8>)] = []
        var p = start
        while true {
            guard let lineEnd = buffer[p...].firstIndex(of: 0x0A) else {
                if !final { return .needMore }
                // The input ends inside an entry: what is complete of it stands.
                if p < buffer.count { return .damaged("journal entry cut short at the end of the input", resume: buffer.count) }
                return .entry(fields, end: p)
            }
            if lineEnd == p { return .entry(fields, end: p + 1) }
            if let eq = buffer[p..<lineEnd].firstIndex(of: UInt8(ascii: "=")) {
                fields.append((String(decoding: buffer[p..<eq], as: UTF8.self), buffer[(eq + 1)..<lineEnd]))
                p = lineEnd + 1
                continue
            }
            guard buffer[p..<lineEnd].allSatisfy(JournalExportReader.isNameByte) else {
                guard let resume = resync(lineEnd, final: final) else { return .needMore }
                return .damaged("not a journal export field: a line with neither '=' nor a field name", resume: resume)
            }
            let dataStart = lineEnd + 9
            guard dataStart <= buffer.count else { return final ? .damaged("binary field size cut short", resume: buffer.count) : .needMore }
            var size = 0
            for k in (0..<8).reversed() { size = size << 8 | Int(buffer[lineEnd + 1 + k]) }
            guard size >= 0, size <= JournalExportReader.maxField else {
                guard let resume = resync(dataStart, final: final) else { return .needMore }
                return .damaged("binary field of \(size) bytes is not believable", resume: resume)
            }
            guard dataStart + size < buffer.count else {
                return final ? .damaged("binary field of \(size) bytes cut short", resume: buffer.count) : .needMore
            }
            guard buffer[dataStart + size] == 0x0A else {
                guard let resume = resync(dataStart, final: final) else { return .needMore }
                return .damaged("binary field of \(size) bytes not followed by a line break", resume: resume)
            }
            fields.append((String(decoding: buffer[p..<lineEnd], as: UTF8.self), buffer[dataStart..<(dataStart + size)]))
            p = dataStart + size + 1
        }
    }

    /// Just past the next empty line at or after `from` (the start of the next entry); the end of
    /// the input when it has none; nil when more input may hold it.
    private func resync(_ from: Int, final: Bool) -> Int? {
        var i = from
        while i + 1 < buffer.count {
            if buffer[i] == 0x0A && buffer[i + 1] == 0x0A { return i + 2 }
            i += 1
        }
        return final ? buffer.count : nil
    }

    /// Field names: upper-case letters, digits and underscores.
    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "_")
    }

    /// Values of a field given several times joined by a newline, as `journalctl -o json` gives them.
    private func merged(_ fields: [(name: String, value: ArraySlice<UInt8>)]) -> [(name: String, text: String?)] {
        var out: [(name: String, text: String?)] = []
        out.reserveCapacity(fields.count)
        for (name, value) in fields {
            let text = String(decoding: value, as: UTF8.self)
            if let i = out.firstIndex(where: { $0.name == name }) {
                out[i].text = (out[i].text ?? "") + "\n" + text
            } else {
                out.append((name, text))
            }
        }
        return out
    }

    /// The line number at `index` (not before the last one asked): line breaks counted, binary
    /// data included.
    private func lineAt(_ index: Int) -> Int {
        while counted < index {
            if buffer[counted] == 0x0A { lines += 1 }
            counted += 1
        }
        return line + lines
    }

    /// Drops the bytes before `start`, keeping offset and line numbers right.
    private func compact(_ start: Int) {
        guard start > 0 else { return }
        line = lineAt(start)
        offset += start
        buffer.removeFirst(start)
        counted = 0
        lines = 0
    }
}
