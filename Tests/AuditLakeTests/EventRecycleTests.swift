@testable import AuditLake
import XCTest

/// `Event.recycle` must unset every field: mappers that reuse one event would otherwise leak a
/// field of one line into the next.
final class EventRecycleTests: XCTestCase {
    private func full() -> Event {
        var e = Event(timestamp: Timestamp(nanoseconds: 1), dataset: "d")
        e.kind = "alert"; e.category = ["c"]; e.type = ["t"]; e.action = "a"; e.outcome = "o"; e.code = "1"
        e.provider = "p"; e.id = "i"; e.original = "{}"
        e.user = UserFields(id: "u", name: "n", domain: "d", email: "e", fullName: "f")
        e.target = e.user; e.effective = e.user
        e.groupName = "g"; e.groupID = "1"; e.sourceIP = IPAddress("10.0.0.1"); e.sourcePort = 1; e.sourceAddress = "x"
        e.hostName = "h"; e.hostHostname = "h"; e.serverAddress = "s"; e.organizationID = "o"; e.organizationName = "o"
        e.url = "u"; e.fileDirectory = "d"; e.fileName = "f"; e.fileExtension = "e"
        e.processName = "p"; e.processPID = 1; e.processExecutable = "x"; e.processCommandLine = "c"
        e.parentPID = 2; e.parentExecutable = "y"; e.serviceName = "s"; e.filePath = "f"; e.dedupeKey = "k"
        e.userAgent = "ua"; e.message = "m"; e.relatedUsers = ["r"]; e.relatedIPs = ["1.1.1.1"]
        e.logPath = "l"; e.logOffset = 3; e.logLine = 4; e.namespace = ["a", "b"]; e.sourceFields = [1]
        return e
    }

    func testRecycleUnsetsEveryField() {
        // A new stored property needs a line in `recycle`, in `full()` above, and a new count here.
        XCTAssertEqual(Mirror(reflecting: Event(timestamp: Timestamp(nanoseconds: 0), dataset: "")).children.count, 46)
        XCTAssertEqual(Mirror(reflecting: UserFields()).children.count, 5)
        var e = full()
        for child in Mirror(reflecting: e).children {
            let text = String(describing: child.value)
            XCTAssertFalse(text == "nil" || text == "[]" || text == "\"\"" || text == "0", "full() leaves \(child.label!) unset")
        }
        e.recycle(timestamp: Timestamp(nanoseconds: 9), dataset: "linux.auth")
        let fresh = Event(timestamp: Timestamp(nanoseconds: 9), dataset: "linux.auth")
        var encoder = EventEncoder()
        XCTAssertEqual(String(decoding: encoder.encode(e), as: UTF8.self), String(decoding: encoder.encode(fresh), as: UTF8.self))
        for (a, b) in zip(Mirror(reflecting: e).children, Mirror(reflecting: fresh).children) {
            XCTAssertEqual(String(describing: a.value), String(describing: b.value), a.label!)
        }
    }
}
