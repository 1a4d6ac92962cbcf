#if canImport(Glibc)
import Glibc
#endif

/// What the CLI needs to know about its terminal.
enum Terminal {
    /// True when standard output is a terminal.
    static var stdoutIsTerminal: Bool { isatty(1) != 0 }
    /// True when standard error is a terminal.
    static var stderrIsTerminal: Bool { isatty(2) != 0 }

    /// Columns of the terminal on stdout, else $COLUMNS, else 120.
    static var width: Int {
        var size = winsize()
        if isatty(1) != 0, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), columns > 0 { return columns }
        return 120
    }

    /// Writes all of `text` to file descriptor `fd` (standard output by default).
    static func write(_ text: String, to fd: Int32 = 1) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
