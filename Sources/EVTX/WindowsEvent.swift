/// One Windows event in any of its forms (EVTX, XML, JSON): the System fields and the
/// EventData (or flattened UserData) as ordered name/value pairs, values as rendered text.
public struct WindowsEvent: Sendable {
    /// Provider/@Name (or EventSourceName for legacy providers).
    public var provider: String?
    /// Provider/@Guid.
    public var providerGUID: String?
    /// EventID text.
    public var eventID = ""
    /// EventID/@Qualifiers.
    public var qualifiers: String?
    /// Version, Level, Task, Opcode, Keywords as written.
    public var version: String?, level: String?, task: String?, opcode: String?, keywords: String?
    /// TimeCreated/@SystemTime as written.
    public var timeCreated: String?
    /// EventRecordID.
    public var recordID: String?
    /// Correlation/@ActivityID.
    public var activityID: String?
    /// Execution/@ProcessID and @ThreadID.
    public var processID: String?, threadID: String?
    /// Channel and Computer.
    public var channel: String?, computer: String?
    /// Security/@UserID.
    public var userSID: String?
    /// EventData/Data (unnamed ones as param1, param2, ...) or UserData leaves.
    public var data: [(name: String, value: String)] = []
    /// True when `data` came from UserData.
    public var fromUserData = false
    /// RenderingInfo/Message, when present.
    public var message: String?
    /// Set when the EVTX record header disagrees with Event/System (System wins).
    public var headerNote: String?

    /// An empty event.
    public init() {}

    /// The value of data item `name`.
    public subscript(_ name: String) -> String? { data.first { $0.name == name }?.value }

    /// Reads an `<Event>` element.
    public init?(element event: EventElement) {
        guard event.name == "Event", let system = event.child("System") else { return nil }
        let p = system.child("Provider")
        provider = p?.attribute("EventSourceName") ?? p?.attribute("Name")
        providerGUID = p?.attribute("Guid")
        let id = system.child("EventID")
        eventID = id?.text ?? ""
        qualifiers = id?.attribute("Qualifiers")
        version = system.child("Version")?.text
        level = system.child("Level")?.text
        task = system.child("Task")?.text
        opcode = system.child("Opcode")?.text
        keywords = system.child("Keywords")?.text
        timeCreated = system.child("TimeCreated")?.attribute("SystemTime")
        recordID = system.child("EventRecordID")?.text
        activityID = system.child("Correlation")?.attribute("ActivityID")
        processID = system.child("Execution")?.attribute("ProcessID")
        threadID = system.child("Execution")?.attribute("ThreadID")
        channel = system.child("Channel")?.text
        computer = system.child("Computer")?.text
        userSID = system.child("Security")?.attribute("UserID")
        if let eventData = event.child("EventData") {
            var unnamed = 0
            for item in eventData.children {
                if item.name == "Data", let name = item.attribute("Name") {
                    data.append((name, item.text))
                } else if item.name == "Data" {
                    unnamed += 1
                    data.append(("param\(unnamed)", item.text))
                } else {
                    data.append((item.name, item.text))
                }
            }
        } else if let userData = event.child("UserData") {
            fromUserData = true
            func flatten(_ e: EventElement) {
                if e.children.isEmpty {
                    data.append((e.name, e.text))
                } else {
                    for child in e.children { flatten(child) }
                }
            }
            for child in userData.children { for leaf in child.children { flatten(leaf) } }
        }
        message = event.child("RenderingInfo")?.child("Message")?.text
    }
}
