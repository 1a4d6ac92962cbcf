import JSONStream

/// Writes an `Event` as one line of nested ECS JSON, keys always in the same order.
public struct EventEncoder {
    var writer = JSONWriter(capacity: 4096)

    /// A reusable encoder.
    public init() {}

    /// The event's JSON text followed by a newline.
    public mutating func encode(_ e: Event) -> [UInt8] {
        write(e)
        return writer.bytes
    }

    /// Calls `body` with the event's JSON text followed by a newline (no copy).
    public mutating func withEncoded<R>(_ e: Event, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        write(e)
        return try writer.withBytes(body)
    }

    private mutating func write(_ e: borrowing Event) {
        writer.reset()
        let w = Fields()
        writer.beginObject()
        writer.key(verbatim: "@timestamp")
        e.timestamp.withRFC3339 { writer.string(bytes: $0) }
        w.object("event", &writer) { x in
            x.key(verbatim: "kind"); x.string(e.kind)
            if !e.category.isEmpty { x.key(verbatim: "category"); strings(e.category, &x) }
            if !e.type.isEmpty { x.key(verbatim: "type"); strings(e.type, &x) }
            w.field("action", e.action, &x)
            w.field("outcome", e.outcome, &x)
            w.field("code", e.code, &x)
            w.field("provider", e.provider, &x)
            x.key(verbatim: "dataset"); x.string(e.dataset)
            w.field("id", e.id, &x)
            w.field("original", e.original, &x)
        }
        w.object("log", &writer) { x in
            x.key(verbatim: "file"); x.beginObject(); x.key(verbatim: "path"); x.string(e.logPath); x.endObject()
            x.key(verbatim: "offset"); x.number(e.logOffset)
            if e.logLine > 0 { x.key(verbatim: "line"); x.number(e.logLine) }
            // Sources under `log.*` (log.syslog) go inside this object.
            if e.namespace.count == 2, e.namespace[0] == "log", !e.sourceFields.isEmpty {
                x.key(e.namespace[1])
                e.sourceFields.withUnsafeBytes { x.raw($0) }
            }
        }
        w.object("organization", &writer, if: e.organizationID != nil || e.organizationName != nil) { x in
            w.field("id", e.organizationID, &x)
            w.field("name", e.organizationName, &x)
        }
        w.object("host", &writer, if: e.hostName != nil || e.hostHostname != nil) { x in
            w.field("name", e.hostName, &x)
            w.field("hostname", e.hostHostname, &x)
        }
        w.object("user", &writer, if: !e.user.isEmpty || !e.target.isEmpty || !e.effective.isEmpty) { x in
            w.user(e.user, &x)
            if !e.target.isEmpty {
                x.key(verbatim: "target"); x.beginObject(); w.user(e.target, &x); x.endObject()
            }
            if !e.effective.isEmpty {
                x.key(verbatim: "effective"); x.beginObject(); w.user(e.effective, &x); x.endObject()
            }
        }
        w.object("group", &writer, if: e.groupID != nil || e.groupName != nil) { x in
            w.field("id", e.groupID, &x)
            w.field("name", e.groupName, &x)
        }
        w.object("source", &writer, if: e.sourceIP != nil || e.sourceAddress != nil) { x in
            if let ip = e.sourceIP {
                x.key(verbatim: "ip")
                ip.withText { x.string(bytes: $0) }
            }
            if let port = e.sourcePort { x.key(verbatim: "port"); x.number(port) }
            w.field("address", e.sourceAddress, &x)
        }
        w.object("server", &writer, if: e.serverAddress != nil) { x in w.field("address", e.serverAddress, &x) }
        w.object("url", &writer, if: e.url != nil) { x in w.field("original", e.url, &x) }
        w.object("file", &writer, if: e.fileName != nil || e.fileDirectory != nil || e.filePath != nil) { x in
            w.field("path", e.filePath, &x)
            w.field("directory", e.fileDirectory, &x)
            w.field("name", e.fileName, &x)
            w.field("extension", e.fileExtension, &x)
        }
        let hasProcess = e.processName != nil || e.processPID != nil || e.processExecutable != nil || e.parentPID != nil
            || e.parentExecutable != nil || e.processCommandLine != nil
        w.object("process", &writer, if: hasProcess) { x in
            if let pid = e.processPID { x.key(verbatim: "pid"); x.number(pid) }
            w.field("name", e.processName, &x)
            w.field("executable", e.processExecutable, &x)
            w.field("command_line", e.processCommandLine, &x)
            w.object("parent", &x, if: e.parentPID != nil || e.parentExecutable != nil) { y in
                if let pid = e.parentPID { y.key(verbatim: "pid"); y.number(pid) }
                w.field("executable", e.parentExecutable, &y)
            }
        }
        w.object("service", &writer, if: e.serviceName != nil) { x in w.field("name", e.serviceName, &x) }
        w.object("user_agent", &writer, if: e.userAgent != nil) { x in w.field("original", e.userAgent, &x) }
        w.object("related", &writer, if: !e.relatedUsers.isEmpty || !e.relatedIPs.isEmpty) { x in
            if !e.relatedIPs.isEmpty { x.key(verbatim: "ip"); strings(e.relatedIPs, &x) }
            if !e.relatedUsers.isEmpty { x.key(verbatim: "user"); strings(e.relatedUsers, &x) }
        }
        if let message = e.message { writer.key(verbatim: "message"); writer.string(message) }
        if !e.namespace.isEmpty && !e.sourceFields.isEmpty && e.namespace[0] != "log" {
            for name in e.namespace.dropLast() { writer.key(name); writer.beginObject() }
            writer.key(e.namespace.last!)
            e.sourceFields.withUnsafeBytes { writer.raw($0) }
            for _ in e.namespace.dropLast() { writer.endObject() }
        }
        writer.endObject()
        writer.append(byte: 0x0A)
    }

    /// Small helpers that skip absent values.
    struct Fields {
        @inline(__always)
        func field(_ key: StaticString, _ value: String?, _ x: inout JSONWriter) {
            guard let value else { return }
            x.key(verbatim: key)
            x.string(value)
        }

        @inline(__always)
        func object(_ key: StaticString, _ x: inout JSONWriter, if present: Bool = true, _ body: (inout JSONWriter) -> Void) {
            guard present else { return }
            x.key(verbatim: key)
            x.beginObject()
            body(&x)
            x.endObject()
        }

        func user(_ u: borrowing UserFields, _ x: inout JSONWriter) {
            field("id", u.id, &x)
            field("name", u.name, &x)
            field("domain", u.domain, &x)
            field("email", u.email, &x)
            field("full_name", u.fullName, &x)
        }
    }
}

private func strings(_ values: [String], _ x: inout JSONWriter) {
    x.beginArray()
    for v in values { x.string(v) }
    x.endArray()
}
