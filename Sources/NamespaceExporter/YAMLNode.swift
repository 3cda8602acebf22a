/// A YAML value as the config files use it. Scalars keep their text; whether
/// it was quoted decides if `true` is a flag or a word.
enum YAMLNode: Sendable, Equatable {
    case null
    case scalar(String, quoted: Bool)
    case sequence([YAMLNode])
    /// In file order; keys are unique (the parser refuses a repeated key).
    case mapping([(key: String, value: YAMLNode)])

    static func == (a: YAMLNode, b: YAMLNode) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.scalar(x, qx), .scalar(y, qy)): return x == y && qx == qy
        case let (.sequence(x), .sequence(y)): return x == y
        case let (.mapping(x), .mapping(y)): return x.map(\.key) == y.map(\.key) && x.map(\.value) == y.map(\.value)
        default: return false
        }
    }

    /// A plain `~`, `null` or nothing: YAML's null.
    static func plain(_ text: String) -> YAMLNode {
        ["", "~", "null", "Null", "NULL"].contains(text) ? .null : .scalar(text, quoted: false)
    }

    /// YAML 1.2's core schema booleans; only unquoted.
    var bool: Bool? {
        guard case .scalar(let text, quoted: false) = self else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }
}
