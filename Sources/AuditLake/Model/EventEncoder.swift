import JSONStream

/// Writes an `Event` as one line of nested ECS JSON, keys always in the same order.
public struct EventEncoder {
    var writer = JSONWriter(capacity: 4096)

    /// A reusable encoder.
    public init() {}

    /// The event's JSON text followed by a newline.
    public mutating func encode(_ e: Event) -> [UInt8] {
        withEncoded(e) { Array($0) }
    }

    /// Calls `body` with the event's JSON text followed by a newline (no copy).
    public mutating func withEncoded<R>(_ e: Event, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try e.sourceFields.withUnsafeBytes { sourceFields in
            write(e, sourceFields: sourceFields)
            return try writer.withBytes(body)
        }
    }

    /// `withEncoded(_:_:)` with the source-specific JSON text given apart from the event (whose
    /// own `sourceFields` are then not read): a mapper's text used at once, not copied into it.
    public mutating func withEncoded<R>(_ e: Event, sourceFields: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        write(e, sourceFields: sourceFields)
        return try writer.withBytes(body)
    }

    private mutating func write(_ e: borrowing Event, sourceFields: UnsafeRawBufferPointer) {
        // Straight-line code (no closure per object): the encoder runs once per event.
        writer.reset()
        let w = Fields()
        writer.beginObject()
        writer.key(verbatim: "@timestamp")
        e.timestamp.withRFC3339 { writer.string(plain: $0) }  // digits and punctuation only
        writer.key(verbatim: "event")
        writer.beginObject()
        writer.key(verbatim: "kind"); writer.string(e.kind)
        if !e.category.isEmpty { writer.key(verbatim: "category"); strings(e.category, &writer) }
        if !e.type.isEmpty { writer.key(verbatim: "type"); strings(e.type, &writer) }
        w.field("action", e.action, &writer)
        w.field("outcome", e.outcome, &writer)
        w.field("code", e.code, &writer)
        w.field("provider", e.provider, &writer)
        writer.key(verbatim: "dataset"); writer.string(e.dataset)
        w.field("id", e.id, &writer)
        w.field("original", e.original, &writer)
        writer.endObject()
        writer.key(verbatim: "log")
        writer.beginObject()
        writer.key(verbatim: "file"); writer.beginObject(); writer.key(verbatim: "path"); writer.string(e.logPath); writer.endObject()
        writer.key(verbatim: "offset"); writer.number(e.logOffset)
        if e.logLine > 0 { writer.key(verbatim: "line"); writer.number(e.logLine) }
        // Sources under `log.*` (log.syslog) go inside this object.
        if e.namespace.count == 2, e.namespace[0] == "log", !sourceFields.isEmpty {
            writer.key(e.namespace[1])
            writer.raw(sourceFields)
        }
        writer.endObject()
        w.object(&writer, "organization", "id", e.organizationID, "name", e.organizationName)
        w.object(&writer, "host", "name", e.hostName, "hostname", e.hostHostname)
        if !e.user.isEmpty || !e.target.isEmpty || !e.effective.isEmpty {
            writer.key(verbatim: "user")
            writer.beginObject()
            w.user(e.user, &writer)
            if !e.target.isEmpty {
                writer.key(verbatim: "target"); writer.beginObject(); w.user(e.target, &writer); writer.endObject()
            }
            if !e.effective.isEmpty {
                writer.key(verbatim: "effective"); writer.beginObject(); w.user(e.effective, &writer); writer.endObject()
            }
            writer.endObject()
        }
        w.object(&writer, "group", "id", e.groupID, "name", e.groupName)
        if e.sourceIP != nil || e.sourceAddress != nil {
            writer.key(verbatim: "source")
            writer.beginObject()
            if let ip = e.sourceIP {
                writer.key(verbatim: "ip")
                ip.withText { writer.string(bytes: $0) }
            }
            if let port = e.sourcePort { writer.key(verbatim: "port"); writer.number(port) }
            w.field("address", e.sourceAddress, &writer)
            writer.endObject()
        }
        w.object(&writer, "server", "address", e.serverAddress)
        w.object(&writer, "url", "original", e.url)
        if e.fileName != nil || e.fileDirectory != nil || e.filePath != nil {
            writer.key(verbatim: "file")
            writer.beginObject()
            w.field("path", e.filePath, &writer)
            w.field("directory", e.fileDirectory, &writer)
            w.field("name", e.fileName, &writer)
            w.field("extension", e.fileExtension, &writer)
            writer.endObject()
        }
        if e.processName != nil || e.processPID != nil || e.processExecutable != nil || e.parentPID != nil
            || e.parentExecutable != nil || e.processCommandLine != nil {
            writer.key(verbatim: "process")
            writer.beginObject()
            if let pid = e.processPID { writer.key(verbatim: "pid"); writer.number(pid) }
            w.field("name", e.processName, &writer)
            w.field("executable", e.processExecutable, &writer)
            w.field("command_line", e.processCommandLine, &writer)
            if e.parentPID != nil || e.parentExecutable != nil {
                writer.key(verbatim: "parent")
                writer.beginObject()
                if let pid = e.parentPID { writer.key(verbatim: "pid"); writer.number(pid) }
                w.field("executable", e.parentExecutable, &writer)
                writer.endObject()
            }
            writer.endObject()
        }
        w.object(&writer, "service", "name", e.serviceName)
        w.object(&writer, "user_agent", "original", e.userAgent)
        if !e.relatedUsers.isEmpty || !e.relatedIPs.isEmpty {
            writer.key(verbatim: "related")
            writer.beginObject()
            if !e.relatedIPs.isEmpty { writer.key(verbatim: "ip"); strings(e.relatedIPs, &writer) }
            if !e.relatedUsers.isEmpty { writer.key(verbatim: "user"); strings(e.relatedUsers, &writer) }
            writer.endObject()
        }
        if let message = e.message { writer.key(verbatim: "message"); writer.string(message) }
        if !e.namespace.isEmpty && !sourceFields.isEmpty && e.namespace[0] != "log" {
            for name in e.namespace.dropLast() { writer.key(name); writer.beginObject() }
            writer.key(e.namespace.last!)
            writer.raw(sourceFields)
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

        /// `"key":{"k1":v1,"k2":v2}` with the values that are set; nothing when neither is.
        @inline(__always)
        func object(_ x: inout JSONWriter, _ key: StaticString, _ k1: StaticString, _ v1: String?,
                    _ k2: StaticString = "", _ v2: String? = nil) {
            guard v1 != nil || v2 != nil else { return }
            x.key(verbatim: key)
            x.beginObject()
            field(k1, v1, &x)
            field(k2, v2, &x)
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
