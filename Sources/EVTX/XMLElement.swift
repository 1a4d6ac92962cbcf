/// One element of a rendered event: name, attributes, child elements and text.
public struct EventElement: Sendable {
    /// The element name (`Event`, `System`, `Data`, ...).
    public var name: String
    /// Attributes in document order.
    public var attributes: [(name: String, value: String)] = []
    /// Child elements in document order.
    public var children: [EventElement] = []
    /// The element's own text (concatenated).
    public var text = ""

    /// An element named `name`.
    public init(name: String) { self.name = name }

    /// The value of attribute `name`.
    public func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }

    /// The first child named `name`.
    public func child(_ name: String) -> EventElement? { children.first { $0.name == name } }
}

/// A template node: the structure of an event with holes (substitutions) for its values.
indirect enum TemplateNode {
    case element(name: String, attributes: [TemplateAttribute], children: [TemplateNode])
    case piece(TemplatePiece)
}

/// Part of a text or attribute value.
enum TemplatePiece {
    case literal(String)
    case substitution(index: Int, optional: Bool)
}

/// An attribute of a template element.
struct TemplateAttribute {
    var name: String
    var pieces: [TemplatePiece]
}
