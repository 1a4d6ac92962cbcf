@testable import AuditLake
import JSONStream
import XCTest

/// Field-by-field checks of the M365 mapping on the shapes real records arrive in.
final class M365MapperTests: XCTestCase {
    private func map(_ json: String) -> Result<Event, RecordError> {
        let stream = JSONRecordStream(options: JSONStreamOptions(singleValue: true))
        stream.append(Array(json.utf8))
        stream.finish()
        guard case .record(let r)? = stream.next() else { return .failure(RecordError("bad test JSON")) }
        var mapper = M365Mapper()
        return mapper.map(r.root)
    }

    private func event(_ json: String, file: StaticString = #filePath, line: UInt = #line) -> Event? {
        switch map(json) {
        case .success(let e): return e
        case .failure(let e):
            XCTFail("rejected: \(e.reason)", file: file, line: line)
            return nil
        }
    }

    private func audit(_ e: Event) -> String { String(decoding: e.sourceFields, as: UTF8.self) }

    func testNameValueListsInEveryShape() throws {
        let base = #""CreationTime":"2026-01-01T00:00:00","Id":"1","Operation":"Set-Mailbox","Workload":"Exchange","RecordType":1"#
        let array = try XCTUnwrap(event("{\(base),\"Parameters\":[{\"Name\":\"Identity\",\"Value\":\"a@b.com\"},{\"Name\":\"N\",\"Value\":7}]}"))
        XCTAssertTrue(audit(array).contains(#""Parameters":{"Identity":"a@b.com","N":"7"},"Parameters_original":"[{\"Name\":\"Identity\",\"Value\":\"a@b.com\"},{\"Name\":\"N\",\"Value\":7}]""#), audit(array))
        XCTAssertEqual(array.target.email, "a@b.com")
        let object = try XCTUnwrap(event("{\(base),\"Parameters\":{\"Identity\":\"a@b.com\"}}"))
        XCTAssertTrue(audit(object).contains(#""Parameters":{"Identity":"a@b.com"},"Parameters_original":"{\"Identity\":\"a@b.com\"}""#), audit(object))
        let string = try XCTUnwrap(event("{\(base),\"Parameters\":\"[{\\\"Name\\\":\\\"Identity\\\",\\\"Value\\\":\\\"a@b.com\\\"}]\"}"))
        XCTAssertTrue(audit(string).contains(#""Parameters":{"Identity":"a@b.com"},"Parameters_original":"[{\"Name\":\"Identity\",\"Value\":\"a@b.com\"}]""#), audit(string))
        let text = try XCTUnwrap(event("{\(base),\"Parameters\":\"-Identity x\"}"))
        XCTAssertTrue(audit(text).contains(#""Parameters":{"_raw":"-Identity x"}"#), audit(text))
    }

    func testScalarsBecomeStringsAndCaseCollidingKeysStay() throws {
        let e = try XCTUnwrap(event(##"{"CreationTime":"2026-01-01T00:00:00","Id":"1","Operation":"X","RecordType":22,"Flag":true,"N":1.50,"Z":null,"EventName":"A","eventName":"b","Nested":[{"k":2}],"a@odata.type":"#Int64"}"##))
        XCTAssertEqual(audit(e), #"{"CreationTime":"2026-01-01T00:00:00","Id":"1","Operation":"X","RecordType":"22","Flag":"true","N":"1.50","Z":null,"EventName":"A","eventName":"b","Nested":[{"k":"2"}]}"#)
        XCTAssertEqual(e.dataset, "m365.other")
        XCTAssertEqual(e.code, "Yammer")
    }

    func testOutcomes() throws {
        let t = #""CreationTime":"2026-01-01T00:00:00","Id":"1","Workload":"AzureActiveDirectory","RecordType":15"#
        XCTAssertEqual(event("{\(t),\"Operation\":\"UserLoggedIn\",\"ResultStatus\":\"Success\",\"ErrorNumber\":\"0\"}")?.outcome, "success")
        XCTAssertEqual(event("{\(t),\"Operation\":\"UserLoggedIn\",\"ResultStatus\":\"Success\",\"ErrorNumber\":\"50126\"}")?.outcome, "failure")
        XCTAssertEqual(event("{\(t),\"Operation\":\"UserLoginFailed\",\"ResultStatus\":\"Success\"}")?.outcome, "failure")
        let x = #""CreationTime":"2026-01-01T00:00:00","Id":"1","Workload":"Exchange","RecordType":1,"Operation":"New-InboxRule""#
        XCTAssertEqual(event("{\(x),\"ResultStatus\":\"False\"}")?.outcome, "failure")
        XCTAssertEqual(event("{\(x),\"ResultStatus\":\"True\"}")?.outcome, "success")
        XCTAssertNil(event("{\(x)}")?.outcome)
    }

    func testAddressPreferenceAndGarbage() throws {
        let t = #""CreationTime":"2026-01-01T00:00:00","Id":"1","Operation":"X","Workload":"Exchange""#
        let both = try XCTUnwrap(event("{\(t),\"ClientIPAddress\":\"10.0.0.1\",\"ClientIP\":\"10.0.0.2:5\"}"))
        XCTAssertEqual(both.sourceIP?.description, "10.0.0.1")
        let garbageFirst = try XCTUnwrap(event("{\(t),\"ClientIPAddress\":\"NOTANIPV4 (10.9000.0.1)\",\"ClientIP\":\"67.43.156.13:12345\"}"))
        XCTAssertEqual(garbageFirst.sourceIP?.description, "67.43.156.13")
        XCTAssertEqual(garbageFirst.sourcePort, 12345)
        XCTAssertEqual(garbageFirst.sourceAddress, "67.43.156.13:12345")
        let garbage = try XCTUnwrap(event("{\(t),\"ClientIP\":\"???\"}"))
        XCTAssertNil(garbage.sourceIP)
        XCTAssertEqual(garbage.sourceAddress, "???")
    }

    func testRejectReasons() {
        func reason(_ json: String) -> String? {
            if case .failure(let e) = map(json) { return e.reason }
            return nil
        }
        XCTAssertEqual(reason("[1]"), "record is not a JSON object")
        XCTAssertEqual(reason(#"{"Id":"1"}"#), "no CreationTime: not a unified audit record")
        XCTAssertEqual(reason(#"{"CreationTime":5}"#), "CreationTime 5 is not a date and time")
    }

    func testGraphAuditLogRecordWrapper() throws {
        let e = try XCTUnwrap(event(#"{"id":"g1","createdDateTime":"2026-01-01T00:00:00Z","auditData":{"CreationTime":"2026-01-01T00:00:00","Id":"u1","Operation":"FileAccessed","Workload":"OneDrive","UserId":"a@b.com"}}"#))
        XCTAssertEqual(e.id, "u1")
        XCTAssertEqual(e.dataset, "m365.sharepoint")
        XCTAssertEqual(e.category, ["file"])
    }
}
