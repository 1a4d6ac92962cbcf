/// A JSON syntax error: what was expected, what was found, and where.
///
/// Positions are absolute within the stream: `offset` is the 0-based byte offset of the
/// offending byte, `line` and `column` are 1-based (the column counts bytes, not characters).
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What the parser wanted at this point, e.g. "',' or '}' after an object member".
    public var expected: String
    /// What it found instead, e.g. "'x'", "end of input", "byte 0xFF (invalid UTF-8)".
    public var found: String
    /// 0-based byte offset of the offending byte in the stream.
    public var offset: Int
    /// 1-based line number of the offending byte.
    public var line: Int
    /// 1-based byte column of the offending byte within its line.
    public var column: Int

    /// Creates an error at a known position.
    public init(expected: String, found: String, offset: Int, line: Int, column: Int) {
        self.expected = expected
        self.found = found
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// "line 3, column 17 (byte 512): expected ..., found ..."
    public var description: String {
        "line \(line), column \(column) (byte \(offset)): expected \(expected), found \(found)"
    }
}

/// The reason a parse stopped, before its position is turned into line and column.
///
/// Kept small and allocation-free: the human text is built only when an error is reported.
@usableFromInline
enum JSONErrorReason: Equatable, Sendable {
    case expectedValue
    case expectedKey
    case expectedColon
    case expectedCommaOrBracket
    case expectedCommaOrBrace
    case expectedNewlineBetweenRecords
    case expectedEndOfInput
    case invalidLiteral
    case invalidNumber
    case invalidEscape
    case invalidUnicodeEscape
    case controlCharacterInString
    case invalidUTF8
    case unterminatedString
    case depthExceeded(Int)
    case recordTooLarge
    case utf16Input
    case invalidByteOrderMark

    var expectedText: String {
        switch self {
        case .expectedValue: return "a value"
        case .expectedKey: return "a string key or '}'"
        case .expectedColon: return "':' after an object key"
        case .expectedCommaOrBracket: return "',' or ']' after an array element"
        case .expectedCommaOrBrace: return "',' or '}' after an object member"
        case .expectedNewlineBetweenRecords: return "a line break between records"
        case .expectedEndOfInput: return "end of input after the top-level value"
        case .invalidLiteral: return "true, false or null"
        case .invalidNumber: return "a digit (RFC 8259 number)"
        case .invalidEscape: return "an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"
        case .invalidUnicodeEscape: return "four hex digits after \\u"
        case .controlCharacterInString: return "an escaped control character in a string"
        case .invalidUTF8: return "valid UTF-8"
        case .unterminatedString: return "'\"' closing the string"
        case .depthExceeded(let limit): return "nesting depth of at most \(limit)"
        case .recordTooLarge: return "a record smaller than 4 GiB"
        case .utf16Input: return "UTF-8 text"
        case .invalidByteOrderMark: return "a UTF-8 byte order mark or JSON text"
        }
    }
}

/// Describes the byte at an error position for a human: `'x'`, `byte 0x1F`, `end of input`.
@usableFromInline
func describeFound(_ byte: UInt8?, reason: JSONErrorReason) -> String {
    guard let byte else { return "end of input" }
    switch reason {
    case .depthExceeded:
        return "a deeper nesting level"
    case .utf16Input:
        return byte == 0xFE || byte == 0xFF ? "a UTF-16 byte order mark" : "UTF-16 text (NUL bytes)"
    case .recordTooLarge:
        return "a longer record"
    default:
        break
    }
    if byte == 0x0A { return "a line break" }
    if byte < 0x20 || byte == 0x7F {
        let hex = String(byte, radix: 16, uppercase: true)
        return "control character U+\(String(repeating: "0", count: 4 - hex.count))\(hex)"
    }
    if byte >= 0x80 {
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }
    return "'\(Character(Unicode.Scalar(byte)))'"
}
