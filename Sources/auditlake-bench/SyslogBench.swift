import AuditLake
import Foundation

/// Lines per second through the syslog mapper and encoder on a generated auth.log (1,000,000 lines).
func benchSyslog() {
    let templates = [
        "sshd[%d]: Accepted publickey for user%d from 203.0.113.%d port %d ssh2: ED25519 SHA256:7bQf2p0xv0E4Zr0QH9mH5bC7m3KqYV1V8s0Q0nE0xYk",
        "sshd[%d]: Failed password for invalid user admin%d from 198.51.100.%d port %d ssh2",
        "sshd[%d]: pam_unix(sshd:session): session opened for user user%d(uid=1000) by (uid=%d) %d",
        "sudo[%d]:    user%d : TTY=pts/%d ; PWD=/home/user ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx %d",
        "CRON[%d]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly %d %d %d)",
        "systemd-logind[%d]: New session %d of user user%d.%d",
        "kernel[%d]: [%d.%d] usb 1-1: new high-speed USB device number %d using xhci_hcd",
    ]
    var lines: [[UInt8]] = []
    var state: UInt64 = 42
    func next(_ n: Int) -> Int {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return Int(state % UInt64(n))
    }
    for i in 0..<1_000_000 {
        let t = templates[next(templates.count)]
        let body = String(format: t, next(30000), next(500), next(255), next(60000))
        let day = 1 + i / 40000
        let line = String(format: "Nov %2d %02d:%02d:%02d web01 ", day, (i / 3600) % 24, (i / 60) % 60, i % 60) + body
        lines.append(Array(line.utf8))
    }
    let bytes = lines.reduce(0) { $0 + $1.count + 1 }
    func run(encode: Bool) -> (seconds: Double, written: Int) {
        var best = Double.infinity
        var written = 0
        for _ in 0..<3 {
            var mapper = SyslogMapper(clock: SyslogClock(year: 2025))
            var encoder = EventEncoder()
            written = 0
            var e = Event(timestamp: Timestamp(nanoseconds: 0), dataset: "")
            let start = Timestamp.now()
            for line in lines {
                guard mapper.map(line: line[...], into: &e) == nil else { continue }
                e.logPath = "auth.log"
                written += encode ? encoder.withEncoded(e) { $0.count } : 1
            }
            best = min(best, start.seconds(to: .now()))
        }
        return (best, written)
    }
    let parse = run(encode: false)
    let whole = run(encode: true)
    print(String(format: "syslog  %d lines  %.1f MB  parse + normalize %.3f s (%.0f lines/s)  + NDJSON %.3f s  %.0f lines/s  (%.1f MB/s in, %d bytes out)",
                 lines.count, Double(bytes) / 1e6, parse.seconds, Double(lines.count) / parse.seconds, whole.seconds,
                 Double(lines.count) / whole.seconds, Double(bytes) / 1e6 / whole.seconds, whole.written))
}

/// The encoder alone: one mapped auth.log event (an accepted SSH login) encoded 1,000,000 times.
func benchEncodeOnly() {
    var mapper = SyslogMapper(clock: SyslogClock(year: 2025))
    var e = Event(timestamp: Timestamp(nanoseconds: 0), dataset: "")
    _ = mapper.map(line: Array("Nov 20 08:01:12 web01 sshd[2201]: Accepted publickey for alice from 203.0.113.5 port 50514 ssh2: ED25519 SHA256:7bQf2p0xv0E4Zr0QH9mH5bC7m3KqYV1V8s0Q0nE0xYk".utf8)[...], into: &e)
    e.logPath = "auth.log"
    var encoder = EventEncoder()
    var n = 0
    let start = Timestamp.now()
    for _ in 0..<1_000_000 { n += encoder.withEncoded(e) { $0.count } }
    let seconds = start.seconds(to: .now())
    print(String(format: "encode  1000000 events  %.3f s  %.0f events/s  %d bytes out", seconds, 1e6 / seconds, n))
}
