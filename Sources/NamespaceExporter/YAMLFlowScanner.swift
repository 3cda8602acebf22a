import NamespaceKit

/// One line's flow values: `[a, b]`, `{k: v}`, quoted scalars, and plain
/// scalars inside brackets (which end at `,`, `]`, `}`).
struct FlowScanner {
    let chars: [Character]
    let line: Int
    var position = 0

    init(_ chars: [Character], line: Int) {
        self.chars = chars
        self.line = line
    }

    var atEnd: Bool { position >= chars.count }
    var peek: Character? { atEnd ? nil : chars[position] }
    mutating func advance() { position += 1 }

    mutating func skipBlanks() {
        while let c = peek, c == " " || c == "\t" { advance() }
    }

    private func error(_ what: String) -> ConfigError {
        ConfigError("line \(line): \(what)")
    }

    mutating func value() throws(ConfigError) -> YAMLNode {
        skipBlanks()
        switch peek {
        case "[": return try sequence()
        case "{": return try mapping()
        case "\"", "'": return .scalar(try quoted(), quoted: true)
        case "&", "*", "!": throw error("anchors, aliases and tags are not supported")
        default: return .plain(plain(stoppingAt: ",]}"))
        }
    }

    private mutating func sequence() throws(ConfigError) -> YAMLNode {
        advance()  // [
        var items: [YAMLNode] = []
        while true {
            skipBlanks()
            if peek == "]" { advance(); return .sequence(items) }
            guard !atEnd else { throw error("a [ list must end with ] on its line") }
            items.append(try value())
            skipBlanks()
            switch peek {
            case ",": advance()
            case "]": continue
            case nil: throw error("a [ list must end with ] on its line")
            default: throw error("want , or ] in a [ list")
            }
        }
    }

    private mutating func mapping() throws(ConfigError) -> YAMLNode {
        advance()  // {
        var entries: [(key: String, value: YAMLNode)] = []
        while true {
            skipBlanks()
            if peek == "}" { advance(); return .mapping(entries) }
            guard !atEnd else { throw error("a { mapping must end with } on its line") }
            let key = peek == "\"" || peek == "'" ? try quoted() : plain(stoppingAt: ":,}")
            if entries.contains(where: { $0.key == key }) { throw error("\"\(key)\" appears twice") }
            skipBlanks()
            var value = YAMLNode.null
            if peek == ":" {
                advance()
                skipBlanks()
                if peek != "," && peek != "}" { value = try self.value() }
            }
            entries.append((key, value))
            skipBlanks()
            switch peek {
            case ",": advance()
            case "}": continue
            case nil: throw error("a { mapping must end with } on its line")
            default: throw error("want , or } in a { mapping")
            }
        }
    }

    private mutating func plain(stoppingAt stops: String) -> String {
        let start = position
        while let c = peek, !stops.contains(c) { advance() }
        return String(String(chars[start..<position]).trimmingSpaces)
    }

    /// A '…' or "…" scalar, which must end on its line.
    mutating func quoted() throws(ConfigError) -> String {
        let quote = chars[position]
        advance()
        var text = ""
        while let c = peek {
            advance()
            if c == quote {
                guard quote == "'", peek == "'" else { return text }
                advance()  // '' is one '
                text.append("'")
            } else if c == "\\", quote == "\"" {
                text.unicodeScalars.append(try escape())
            } else {
                text.append(c)
            }
        }
        throw error("a quoted value must end on its line")
    }

    private mutating func escape() throws(ConfigError) -> Unicode.Scalar {
        guard let c = peek else { throw error("a \\ at the end of a quoted value") }
        advance()
        let simple: [Character: Unicode.Scalar] = [
            "\\": "\\", "\"": "\"", "/": "/", " ": " ", "0": "\0", "a": "\u{07}", "b": "\u{08}", "t": "\t",
            "n": "\n", "v": "\u{0B}", "f": "\u{0C}", "r": "\r", "e": "\u{1B}",
        ]
        if let scalar = simple[c] { return scalar }
        let digits = ["x": 2, "u": 4, "U": 8][c]
        guard let digits else { throw error("unknown escape \\\(c) in a quoted value") }
        guard position + digits <= chars.count, let code = UInt32(String(chars[position..<position + digits]), radix: 16),
              let scalar = Unicode.Scalar(code)
        else { throw error("\\\(c) wants \(digits) hex digits of a character") }
        position += digits
        return scalar
    }
}
