// A template compiled into the places an event takes its text from:
//
//   Event
//     System/Provider@Name|@Guid|@EventSourceName, EventID (+@Qualifiers), Version, Level, Task,
//            Opcode, Keywords, TimeCreated@SystemTime, EventRecordID, Correlation@ActivityID,
//            Execution@ProcessID|@ThreadID, Channel, Computer, Security@UserID
//     EventData/Data[@Name]*            → data items in order (unnamed ones param1, param2, ...)
//     %n                                → nested Binary XML holding <EventData> (most events)
//     UserData/%n                       → nested Binary XML whose leaves are the items
//
// Lowered to plain slots (CompiledTemplate+Slots.swift), a record of such a template is read by
// rendering its substitution values into bytes (BinXml+Compiled.swift, EVTXEventView): no element
// tree, no Strings. An array value as an element's whole content repeats the element, as in the
// tree. Templates of another shape (RenderingInfo, a substitution or child element where text is
// expected, System or a System field named twice) do not compile, and records with nested Binary
// XML where text is expected take the element tree; both ways give the same event
// (EVTXFastPathTests compares them on every sample record, EVTXRobustnessTests on damaged ones).
// A compiled template does not depend on its chunk: EVTXChunkReader uses it again for the same
// template in later chunks (TemplateShape.swift).

extension WindowsEvent {
    /// The System value `field` (EventID's text for `.eventID`).
    public func system(_ field: EVTXSystemField) -> String? {
        switch field {
        case .provider: provider
        case .providerGUID: providerGUID
        case .qualifiers: qualifiers
        case .timeCreated: timeCreated
        case .activityID: activityID
        case .processID: processID
        case .threadID: threadID
        case .userSID: userSID
        case .version: version
        case .level: level
        case .task: task
        case .opcode: opcode
        case .keywords: keywords
        case .recordID: recordID
        case .channel: channel
        case .computer: computer
        case .eventID: eventID
        }
    }

    /// Sets the System value `field`.
    mutating func set(_ field: EVTXSystemField, _ text: String) {
        switch field {
        case .provider: provider = text
        case .providerGUID: providerGUID = text
        case .qualifiers: qualifiers = text
        case .timeCreated: timeCreated = text
        case .activityID: activityID = text
        case .processID: processID = text
        case .threadID: threadID = text
        case .userSID: userSID = text
        case .version: version = text
        case .level: level = text
        case .task: task = text
        case .opcode: opcode = text
        case .keywords: keywords = text
        case .recordID: recordID = text
        case .channel: channel = text
        case .computer: computer = text
        case .eventID: eventID = text
        }
    }
}

/// Text taken from a template: an element's content or an attribute's value.
struct TextSource {
    var pieces: [TemplatePiece]
    /// True for an attribute (a lone optional NULL substitution leaves it out).
    var isAttribute: Bool
    /// The element is left out when this value is NULL (its content is one optional substitution).
    var elementOmittedWhenNull: Int?
}

/// The System fields and EventData items of one template, and every substitution it refers to
/// (a class: shared by the chunk's records without copying its lists).
final class CompiledTemplate {
    // Compiled form (record-independent), lowered to plain slots by `intern`.

    /// Written in order; a later source overwrites an earlier one only when it has a value
    /// (Provider@EventSourceName after @Name, as the element tree reads them).
    var system: [(field: EVTXSystemField, source: TextSource)] = []
    var eventID: TextSource?
    var data: [(element: String, name: TextSource?, value: TextSource)] = []
    /// Every substitution in the template, and whether the tree leaves it out when NULL (a lone
    /// optional substitution as element content or attribute value): all others are rendered, so
    /// that a bad value fails the record here exactly as it does in the element tree.
    /// `content`: the lone substitution of an element's content (an array value there repeats
    /// the element, one item each).
    var referenced: [(index: Int, omittable: Bool, content: Bool)] = []

    static let systemAttributes: [String: [(String, EVTXSystemField)]] = [
        "Provider": [("Name", .provider), ("Guid", .providerGUID), ("EventSourceName", .provider)],
        "EventID": [("Qualifiers", .qualifiers)],
        "TimeCreated": [("SystemTime", .timeCreated)],
        "Correlation": [("ActivityID", .activityID)],
        "Execution": [("ProcessID", .processID), ("ThreadID", .threadID)],
        "Security": [("UserID", .userSID)],
    ]
    static let systemTexts: [String: EVTXSystemField] = [
        "Version": .version, "Level": .level, "Task": .task, "Opcode": .opcode, "Keywords": .keywords,
        "EventRecordID": .recordID, "Channel": .channel, "Computer": .computer,
    ]

    /// The substitution at Event level whose value (nested Binary XML) holds the EventData.
    @exclusivity(unchecked) var nestedData: Int?
    /// The substitution that is the whole content of `<UserData>` (nested Binary XML), and
    /// whether it is optional (then a NULL value leaves `<UserData>` out).
    @exclusivity(unchecked) var nestedUserData: (index: Int, optional: Bool)?
    /// Items are UserData leaves: named by their element, whatever it is.
    @exclusivity(unchecked) var fromUserData = false
    /// What records read (CompiledTemplate+Slots.swift), made by `intern`, in memory the
    /// template owns: a record walks them without counting references.
    @exclusivity(unchecked) var systemSlots = UnsafeBufferPointer<SystemSlot>(start: nil, count: 0)
    @exclusivity(unchecked) var dataSlots = UnsafeBufferPointer<DataSlot>(start: nil, count: 0)
    /// `referenced`, lowered.
    @exclusivity(unchecked) var references = UnsafeBufferPointer<ReferenceSlot>(start: nil, count: 0)
    @exclusivity(unchecked) var composites: [TextSource] = []
    /// The UTF-8 of the literals the slots point at.
    var literalStorage: UnsafeMutableRawPointer?
    /// What a reader of the records learned of the entries (`EVTXEventView.entries`).
    lazy var annotation = EVTXAnnotation()
    /// The definition's GUID and size (nil for plain elements compiled for one record).
    @exclusivity(unchecked) var identity: EVTXTemplateIdentity?

    deinit {
        literalStorage?.deallocate()
        systemSlots.deallocate()
        dataSlots.deallocate()
        references.deallocate()
    }

    /// Compiles the body of an event template; nil when it has another shape.
    init?(event nodes: [TemplateNode]) {
        guard nodes.count == 1, case .element("Event", let attributes, let children) = nodes[0] else { return nil }
        note(attributes)
        var system: [TemplateNode]?, eventData: [TemplateNode]?
        for child in children {
            switch child {
            case .piece(.substitution(let i, _)):
                // Most events: <Event><System>...</System>%17</Event>, %17 an EventData template.
                guard nestedData == nil, eventData == nil else { return nil }
                nestedData = i
            case .piece(.literal): continue
            case .element(let name, let attributes, let content):
                note(attributes)
                switch name {
                case "System":
                    guard system == nil else { return nil }
                    system = content
                case "EventData":
                    guard eventData == nil, nestedData == nil else { return nil }
                    eventData = content
                case "UserData":
                    // <UserData>%n</UserData> with %n nested Binary XML: the usual form.
                    guard nestedUserData == nil, content.count == 1, case .piece(.substitution(let i, let optional)) = content[0] else { return nil }
                    nestedUserData = (i, optional)
                case "RenderingInfo":
                    return nil
                default:
                    guard note(content) else { return nil }
                }
            }
        }
        guard let system, compileSystem(system) else { return nil }
        // EventData and UserData together: the tree reads EventData only; left to it.
        guard nestedUserData == nil || (eventData == nil && nestedData == nil) else { return nil }
        if let eventData { guard compileData(eventData) else { return nil } }
    }

    /// Compiles the body of a template nested in `<UserData>`: one element whose leaves, at any
    /// depth below it, are the items.
    init?(userData nodes: [TemplateNode]) {
        guard nodes.count == 1, case .element(_, let attributes, let children) = nodes[0] else { return nil }
        fromUserData = true
        note(attributes)
        for child in children {
            switch child {
            case .piece(.substitution): return nil
            case .piece(.literal): continue
            case .element: guard flatten(child) else { return nil }
            }
        }
    }

    /// A UserData element: a leaf (no child elements) is an item; otherwise its children are.
    private func flatten(_ node: TemplateNode) -> Bool {
        guard case .element(let name, let attributes, let content) = node else { return true }
        note(attributes)
        let hasElements = content.contains { if case .element = $0 { return true } else { return false } }
        if !hasElements {
            guard let value = text(content) else { return false }
            data.append((name, nil, value))
            return true
        }
        for child in content {
            switch child {
            case .piece(.substitution): return false
            case .piece(.literal): continue
            case .element: guard flatten(child) else { return false }
            }
        }
        return true
    }

    /// Compiles the body of a template nested in an event: `<EventData>` and its items.
    init?(eventData nodes: [TemplateNode]) {
        guard nodes.count == 1, case .element("EventData", let attributes, let children) = nodes[0] else { return nil }
        note(attributes)
        guard compileData(children) else { return nil }
    }

    private func compileSystem(_ children: [TemplateNode]) -> Bool {
        var seen = Set<String>()
        for child in children {
            switch child {
            case .piece(.substitution): return false
            case .piece(.literal): continue
            case .element(let name, let attributes, let content):
                guard seen.insert(name).inserted, let text = text(content) else { return false }
                note(attributes)
                for (attributeName, field) in CompiledTemplate.systemAttributes[name] ?? [] {
                    guard let attribute = attributes.first(where: { $0.name == attributeName }) else { continue }
                    system.append((field, TextSource(pieces: attribute.pieces, isAttribute: true,
                                                     elementOmittedWhenNull: text.elementOmittedWhenNull)))
                }
                if name == "EventID" { eventID = text }
                if let field = CompiledTemplate.systemTexts[name] { system.append((field, text)) }
            }
        }
        return true
    }

    private func compileData(_ children: [TemplateNode]) -> Bool {
        for child in children {
            switch child {
            case .piece(.substitution): return false
            case .piece(.literal): continue
            case .element(let name, let attributes, let content):
                guard let value = text(content) else { return false }
                note(attributes)
                let attribute = name == "Data" ? attributes.first(where: { $0.name == "Name" }) : nil
                let source = attribute.map {
                    TextSource(pieces: $0.pieces, isAttribute: true, elementOmittedWhenNull: value.elementOmittedWhenNull)
                }
                data.append((name, source, value))
            }
        }
        return true
    }

    /// An element's text when its content is pieces only.
    private func text(_ content: [TemplateNode]) -> TextSource? {
        var pieces: [TemplatePiece] = []
        for node in content {
            guard case .piece(let piece) = node else { return nil }
            pieces.append(piece)
        }
        for case .substitution(let i, let optional) in pieces { referenced.append((i, optional && pieces.count == 1, pieces.count == 1)) }
        var omitted: Int?
        if pieces.count == 1, case .substitution(let i, true) = pieces[0] { omitted = i }
        return TextSource(pieces: pieces, isAttribute: false, elementOmittedWhenNull: omitted)
    }

    private func note(_ attributes: [TemplateAttribute]) {
        for attribute in attributes {
            for case .substitution(let i, let optional) in attribute.pieces {
                referenced.append((i, optional && attribute.pieces.count == 1, false))
            }
        }
    }

    /// Notes the substitutions of elements the event does not read; false when one is element
    /// content there (its value could be nested Binary XML, which the tree renders differently).
    private func note(_ nodes: [TemplateNode]) -> Bool {
        for node in nodes {
            switch node {
            case .piece(.substitution): return false
            case .piece(.literal): continue
            case .element(_, let attributes, let content):
                note(attributes)
                guard note(content) else { return false }
            }
        }
        return true
    }
}
