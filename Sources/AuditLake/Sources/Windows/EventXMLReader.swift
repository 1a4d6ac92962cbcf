import EVTX

// EventXMLReader: a small streaming XML reader for the shapes Windows exports events in —
// `wevtutil qe /f:xml` (a stream of <Event> elements with no root) and Event Viewer's "Save as
// XML" (<Events> root) — with an XML declaration, comments, CDATA, entities and character
// references. Each <Event> becomes an EventElement tree. Like the JSON framer it is restartable:
// an element cut by the end of the bytes so far is parsed again when more arrive.

/// Reads `<Event>` elements from UTF-8 XML text given in chunks.
final class EventXMLReader {
    enum Step {
        case event(EventElement, offset: Int, line: Int)
        case failure(reason: String, offset: Int, line: Int)
    }

    private var buffer: [UInt8] = []
    private var start = 0
    private var base = 0
    private var lines = 1
    private var isFinal = false
    private var retryAt = 0

    func append(_ bytes: UnsafeRawBufferPointer) {
        if start > 0 && start > buffer.count / 2 {
            for c in buffer[0..<start] where c == 0x0A { lines += 1 }
            buffer.removeFirst(start)
            base += start
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    func finish() {
        isFinal = true
        retryAt = 0
    }

    /// The next event or failure; nil when more bytes are needed (or at the end after `finish`).
    func next() -> Step? {
        if !isFinal && buffer.count - start < retryAt { return nil }
        while true {
            var p = Parser(bytes: buffer, position: start)
            do {
                try p.skipMisc()
            } catch {
                if isFinal {
                    advance(to: buffer.count)
                } else {
                    retryAt = (buffer.count - start) * 2
                }
                return nil
            }
            guard p.position < buffer.count else {
                if isFinal { advance(to: buffer.count) }
                return nil
            }
            let recordStart = p.position
            do {
                if p.at("</") {
                    try p.skipPast(">")
                    advance(to: p.position)
                    continue
                }
                guard p.at("<") else { throw XMLSyntax("text outside an element") }
                let name = try p.peekName()
                if name != "Event" {
                    try p.startTagOnly()  // a wrapper such as <Events>: step inside it
                    advance(to: p.position)
                    continue
                }
                let element = try p.element(depth: 0)
                let line = lineNumber(at: recordStart)
                advance(to: p.position)
                retryAt = 0
                return .event(element, offset: base + recordStart, line: line)
            } catch is XMLIncomplete {
                if isFinal {
                    let line = lineNumber(at: recordStart)
                    advance(to: buffer.count)
                    return .failure(reason: "XML cut short: the element is not closed before the end of the input", offset: base + recordStart, line: line)
                }
                retryAt = (buffer.count - start) * 2
                return nil
            } catch let error as XMLSyntax {
                let line = lineNumber(at: recordStart)
                // Resume at the next <Event after the bad one.
                var q = Parser(bytes: buffer, position: max(p.position, recordStart + 1))
                q.position = q.find("<Event") ?? buffer.count
                advance(to: q.position)
                return .failure(reason: "invalid event XML: \(error.reason) (near byte \(base + p.position))", offset: base + recordStart, line: line)
            } catch {
                return nil
            }
        }
    }

    private func advance(to position: Int) { start = position }

    private func lineNumber(at position: Int) -> Int {
        var n = lines
        for c in buffer[0..<position] where c == 0x0A { n += 1 }
        return n
    }
}

struct XMLIncomplete: Error {}
struct XMLSyntax: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// A cursor over XML bytes.
struct Parser {
    let bytes: [UInt8]
    var position: Int

    func at(_ text: String) -> Bool {
        let t = Array(text.utf8)
        guard position + t.count <= bytes.count else { return false }
        return bytes[position..<(position + t.count)].elementsEqual(t)
    }

    func find(_ text: String) -> Int? {
        let t = Array(text.utf8)
        var i = position
        while i + t.count <= bytes.count {
            if bytes[i] == t[0] && bytes[i..<(i + t.count)].elementsEqual(t) { return i }
            i += 1
        }
        return nil
    }

    mutating func skipPast(_ text: String) throws {
        guard let i = find(text) else { throw XMLIncomplete() }
        position = i + text.utf8.count
    }

    mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    /// Skips whitespace, the XML declaration, processing instructions, comments and DOCTYPE.
    mutating func skipMisc() throws {
        while true {
            skipSpace()
            if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "<"), bytes[position + 1] == UInt8(ascii: "!"),
               bytes.count - position < 4 {
                throw XMLIncomplete()
            }
            if position + 1 == bytes.count, bytes[position] == UInt8(ascii: "<") { throw XMLIncomplete() }
            if at("<?") {
                try skipPast("?>")
            } else if at("<!--") {
                try skipPast("-->")
            } else if at("<!") {
                try skipPast(">")
            } else {
                return
            }
        }
    }

    func peekName() throws -> String {
        var q = self
        q.position += 1
        return try q.name()
    }

    /// A name; its namespace prefix (`x:`) dropped.
    mutating func name() throws -> String {
        let begin = position
        while position < bytes.count {
            let c = bytes[position]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: ">") || c == UInt8(ascii: "/") || c == UInt8(ascii: "=") { break }
            position += 1
        }
        guard position < bytes.count else { throw XMLIncomplete() }
        guard position > begin else { throw XMLSyntax("expected a name") }
        var text = bytes[begin..<position]
        if let colon = text.lastIndex(of: UInt8(ascii: ":")) { text = text[(colon + 1)...] }
        return String(decoding: text, as: UTF8.self)
    }

    /// Reads a start tag; returns whether it was empty (`/>`).
    mutating func startTag(into element: inout EventElement) throws -> Bool {
        position += 1
        element.name = try name()
        while true {
            skipSpace()
            guard position < bytes.count else { throw XMLIncomplete() }
            if bytes[position] == UInt8(ascii: "/") {
                guard position + 1 < bytes.count else { throw XMLIncomplete() }
                guard bytes[position + 1] == UInt8(ascii: ">") else { throw XMLSyntax("expected '>' after '/' in <\(element.name)>") }
                position += 2
                return true
            }
            if bytes[position] == UInt8(ascii: ">") { position += 1; return false }
            let attribute = try name()
            skipSpace()
            guard position < bytes.count else { throw XMLIncomplete() }
            guard bytes[position] == UInt8(ascii: "=") else { throw XMLSyntax("expected '=' after attribute \(attribute)") }
            position += 1
            skipSpace()
            guard position < bytes.count else { throw XMLIncomplete() }
            let quote = bytes[position]
            guard quote == 0x22 || quote == 0x27 else { throw XMLSyntax("expected a quoted value for attribute \(attribute)") }
            position += 1
            guard let end = bytes[position...].firstIndex(of: quote) else { throw XMLIncomplete() }
            let value = try decode(bytes[position..<end])
            position = end + 1
            if attribute != "xmlns" { element.attributes.append((attribute, value)) }
        }
    }

    mutating func startTagOnly() throws {
        var ignored = EventElement(name: "")
        _ = try startTag(into: &ignored)
    }

    /// A whole element with its content.
    mutating func element(depth: Int) throws -> EventElement {
        guard depth < 64 else { throw XMLSyntax("elements nested deeper than 64") }
        var e = EventElement(name: "")
        if try startTag(into: &e) { return e }
        var text: [UInt8] = []
        while true {
            guard position < bytes.count else { throw XMLIncomplete() }
            if bytes[position] != UInt8(ascii: "<") {
                guard let lt = bytes[position...].firstIndex(of: UInt8(ascii: "<")) else { throw XMLIncomplete() }
                text += bytes[position..<lt]
                position = lt
                continue
            }
            if at("</") {
                position += 2
                let closing = try name()
                skipSpace()
                guard position < bytes.count else { throw XMLIncomplete() }
                guard closing == e.name, bytes[position] == UInt8(ascii: ">") else {
                    throw XMLSyntax("</\(closing)> closes <\(e.name)>")
                }
                position += 1
                let decoded = try decode(text[...])
                let blank = decoded.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
                e.text = blank && (decoded.contains("\n") || !e.children.isEmpty) ? "" : decoded
                return e
            }
            // "<!" cut by the end of the bytes: wait to see whether it is a comment or CDATA.
            if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "!"), bytes.count - position < 9 { throw XMLIncomplete() }
            if at("<!--") { try skipPast("-->"); continue }
            if at("<![CDATA[") {
                position += 9
                guard let end = find("]]>") else { throw XMLIncomplete() }
                text += Array("\u{1}".utf8) + bytes[position..<end] + Array("\u{2}".utf8)
                position = end + 3
                continue
            }
            if at("<?") { try skipPast("?>"); continue }
            e.children.append(try element(depth: depth + 1))
        }
    }

    /// Text with entities and character references decoded (CDATA, marked by 0x01/0x02, kept as is).
    func decode(_ raw: ArraySlice<UInt8>) throws -> String {
        guard raw.contains(UInt8(ascii: "&")) || raw.contains(1) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        var i = raw.startIndex
        var inCDATA = false
        while i < raw.endIndex {
            let c = raw[i]
            if c == 1 { inCDATA = true; i += 1; continue }
            if c == 2 { inCDATA = false; i += 1; continue }
            guard c == UInt8(ascii: "&"), !inCDATA else { out.append(c); i += 1; continue }
            guard let semi = raw[i...].firstIndex(of: UInt8(ascii: ";")), semi - i <= 12 else { throw XMLSyntax("unterminated entity") }
            let entity = String(decoding: raw[(i + 1)..<semi], as: UTF8.self)
            var scalar: UInt32?
            switch entity {
            case "lt": scalar = 0x3C
            case "gt": scalar = 0x3E
            case "amp": scalar = 0x26
            case "quot": scalar = 0x22
            case "apos": scalar = 0x27
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") { scalar = UInt32(entity.dropFirst(2), radix: 16) }
                else if entity.hasPrefix("#") { scalar = UInt32(entity.dropFirst()) }
            }
            guard let scalar, let u = Unicode.Scalar(scalar) else { throw XMLSyntax("unknown entity &\(entity);") }
            out += Array(String(Character(u)).utf8)
            i = semi + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
