@testable import AuditLake
import XCTest

/// Client addresses as audit logs write them, and timestamps.
final class AddressAndTimeTests: XCTestCase {
    func testClientAddressForms() {
        func parse(_ s: String) -> String {
            let a = ClientAddress.parse(s)
            return "\(a.ip?.description ?? "-") \(a.port.map(String.init) ?? "-") \(a.host ?? "-")"
        }
        XCTAssertEqual(parse("1.2.3.4"), "1.2.3.4 - -")
        XCTAssertEqual(parse("1.2.3.4:55012"), "1.2.3.4 55012 -")
        XCTAssertEqual(parse("[2001:db8::1]:443"), "2001:db8::1 443 -")
        XCTAssertEqual(parse("[2001:DB8:0:0:0:0:0:1]"), "2001:db8::1 - -")
        XCTAssertEqual(parse("2603:10b6:5:1f4:cafe::28"), "2603:10b6:5:1f4:cafe::28 - -")
        XCTAssertEqual(parse("::ffff:192.0.2.7"), "192.0.2.7 - -")
        XCTAssertEqual(parse("::FFFF:C000:0207"), "192.0.2.7 - -")
        XCTAssertEqual(parse("HOST01 (10.1.2.3)"), "10.1.2.3 - HOST01")
        XCTAssertEqual(parse("[CORRECTIPV4 (10.90.0.1)]"), "10.90.0.1 - CORRECTIPV4")
        XCTAssertEqual(parse("NOTANIPV4 (10.9000.0.1)"), "- - NOTANIPV4")
        XCTAssertEqual(parse("  192.0.2.1\r\n"), "192.0.2.1 - -")
        XCTAssertEqual(parse("1.2.3.4:99999"), "- - -")
        XCTAssertEqual(parse("01.2.3.4"), "- - -")
        XCTAssertEqual(parse("1:2:3"), "- - -")
        XCTAssertEqual(parse("garbage"), "- - -")
        XCTAssertEqual(parse(""), "- - -")
        XCTAssertEqual(parse("fe80::1:2:3:4:5:6:7"), "- - -")  // nine groups
        XCTAssertEqual(parse("::"), ":: - -")
        XCTAssertEqual(parse("1::"), "1:: - -")
        XCTAssertEqual(parse("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1 - -")  // RFC 5952: first longest run
    }

    func testTimestampParsingAndPrinting() {
        func t(_ s: String) -> String? { Timestamp.parse(s)?.rfc3339 }
        XCTAssertEqual(t("2018-03-21T17:00:32"), "2018-03-21T17:00:32.000Z")
        XCTAssertEqual(t("2026-11-20T23:59:59.5120000"), "2026-11-20T23:59:59.512Z")
        XCTAssertEqual(t("2026-11-20T23:59:59.1234567Z"), "2026-11-20T23:59:59.123456700Z")
        XCTAssertEqual(t("2026-11-20T23:59:59.123456Z"), "2026-11-20T23:59:59.123456Z")
        XCTAssertEqual(t("2026-11-21T01:30:00+02:00"), "2026-11-20T23:30:00.000Z")
        XCTAssertEqual(t("2026-11-20T20:00:00-0500"), "2026-11-21T01:00:00.000Z")
        XCTAssertEqual(t("2024-02-29 12:00:00Z"), "2024-02-29T12:00:00.000Z")
        XCTAssertEqual(t("1969-12-31T23:59:59.5Z"), "1969-12-31T23:59:59.500Z")
        XCTAssertNil(t("2023-02-29T12:00:00"))
        XCTAssertNil(t("9/20/2023 4:05:03 AM"))
        XCTAssertNil(t("2026-11-20T24:00:00"))
        XCTAssertNil(t("2026-11-20T10:00:00."))
        XCTAssertNil(t("2026-11-20T10:00:00Zjunk"))
        XCTAssertEqual(Timestamp.parse("1970-01-02T00:00:00Z")?.microseconds, 86_400_000_000)
        XCTAssertEqual(Timestamp.parse("1969-12-31T23:59:59.999999Z")?.dateString, "1969-12-31")
        // 64-bit nanoseconds hold 1678-2262: times outside are not times (no overflow trap).
        XCTAssertEqual(t("2262-04-11T23:47:16.854775807Z"), "2262-04-11T23:47:16.854775807Z")
        XCTAssertNil(t("2262-04-11T23:47:16.854775808Z"))
        XCTAssertNil(t("9999-12-31T23:59:59.9999999Z"))
        XCTAssertNil(t("1600-01-01T00:00:00Z"))
        // EVTX record headers' FILETIMEs: the same range, no trap at either end.
        XCTAssertEqual(fileTimeToTimestamp(116_444_736_000_000_000)?.rfc3339, "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(fileTimeToTimestamp(133_000_000_000_000_000)?.rfc3339, "2022-06-18T04:26:40.000Z")
        for ticks: UInt64 in [0, 1, 20_000_000_000_000_000, 300_000_000_000_000_000, .max] { XCTAssertNil(fileTimeToTimestamp(ticks), "\(ticks)") }
    }

    func testUserIdentifiers() {
        XCTAssertEqual(UserFields.identifier("alice@contoso.com"), UserFields(id: "alice@contoso.com", name: "alice", domain: "contoso.com", email: "alice@contoso.com"))
        for raw in ["app@sharepoint", "S-1-5-21-1-2-3-500", "NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)", "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", "a@b@c.com", "@contoso.com"] {
            XCTAssertEqual(UserFields.identifier(raw), UserFields(id: raw), raw)
        }
    }
}
