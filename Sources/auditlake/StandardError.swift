/// A `TextOutputStream` writing to standard error (file descriptor 2, unbuffered).
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { Terminal.write(string, to: 2) }
}
