import NamespaceKit

/// The YAML the config files need: block and flow mappings and sequences,
/// plain and quoted scalars, comments. Anything else (anchors, aliases, tags,
/// block scalars, several documents, values spread over lines) is an error
/// naming its line, not a guess. Ours, so that the exporter's link carries no
/// Foundation (Yams needs all of it, with ICU).
struct YAMLParser {
    struct Line {
        var indent: Int
        var text: [Character]  // after the indentation, without a comment or trailing blanks
        var number: Int
    }

    private var lines: [Line]
    private var index = 0

    /// nil for a document with no content.
    static func parse(_ text: String) throws(ConfigError) -> YAMLNode? {
        var parser = YAMLParser(lines: try contentLines(text))
        guard !parser.lines.isEmpty else { return nil }
        let root = try parser.block(minIndent: 0)
        if parser.index < parser.lines.count {
            throw parser.error("does not belong to anything above (check its indentation)")
        }
        return root
    }

    // MARK: Lines

    static func contentLines(_ text: String) throws(ConfigError) -> [Line] {
        var lines: [Line] = []
        var sawDocumentStart = false
        for (offset, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let number = offset + 1
            var chars = Array(raw)
            if chars.last == "\r" { chars.removeLast() }
            let indent = chars.prefix(while: { $0 == " " }).count
            if chars.dropFirst(indent).first == "\t" {
                throw ConfigError("line \(number): a tab in the indentation (YAML indents with spaces)")
            }
            chars = stripComment(Array(chars.dropFirst(indent)))
            while let last = chars.last, last == " " || last == "\t" { chars.removeLast() }
            if chars.isEmpty { continue }
            if indent == 0, chars == ["-", "-", "-"] || chars.starts(with: ["-", "-", "-", " "]) {
                guard !sawDocumentStart, lines.isEmpty else {
                    throw ConfigError("line \(number): a second document; a config file holds one")
                }
                sawDocumentStart = true
                chars = Array(chars.dropFirst(3).drop(while: { $0 == " " }))
                if chars.isEmpty { continue }
            }
            if indent == 0, chars == [".", ".", "."] { break }
            if indent == 0, chars.first == "%" { throw ConfigError("line \(number): YAML directives are not supported") }
            lines.append(Line(indent: indent, text: chars, number: number))
        }
        return lines
    }

    /// The text before a `#` that starts a comment: at the start or after a
    /// blank, outside quotes. A quote opens only where a scalar can start, so
    /// the apostrophe in `it's` is text.
    static func stripComment(_ chars: [Character]) -> [Character] {
        var quote: Character?
        var previous: Character = " "
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let open = quote {
                if open == "\"", c == "\\" { i += 2; previous = "x"; continue }
                if c == open {
                    if open == "'", i + 1 < chars.count, chars[i + 1] == "'" { i += 2; continue }
                    quote = nil
                }
            } else if c == "#", previous == " " || previous == "\t" {
                return Array(chars[..<i])
            } else if c == "\"" || c == "'", " \t[{,:-".contains(previous) {
                quote = c
            }
            previous = c
            i += 1
        }
        return chars
    }

    // MARK: Blocks

    private mutating func block(minIndent: Int) throws(ConfigError) -> YAMLNode {
        guard index < lines.count, lines[index].indent >= minIndent else { return .null }
        let line = lines[index]
        if Self.isSequenceItem(line.text) { return try sequence(at: line.indent) }
        if try Self.splitKey(line.text, line: line.number) != nil { return try mapping(at: line.indent) }
        index += 1
        return try Self.inlineValue(line.text, line: line.number)
    }

    private mutating func sequence(at indent: Int) throws(ConfigError) -> YAMLNode {
        var items: [YAMLNode] = []
        while index < lines.count, lines[index].indent >= indent {
            let line = lines[index]
            if line.indent > indent { throw error("indented more than the list item above") }
            guard Self.isSequenceItem(line.text) else { break }  // the mapping that holds this list goes on
            let rest = line.text.dropFirst().drop(while: { $0 == " " })
            if rest.isEmpty {
                index += 1
                items.append(try block(minIndent: indent + 1))
            } else {
                // `- key: value` opens a mapping at the column of `key`.
                lines[index] = Line(indent: indent + line.text.count - rest.count, text: Array(rest), number: line.number)
                items.append(try block(minIndent: lines[index].indent))
            }
        }
        return .sequence(items)
    }

    private mutating func mapping(at indent: Int) throws(ConfigError) -> YAMLNode {
        var entries: [(key: String, value: YAMLNode)] = []
        while index < lines.count, lines[index].indent >= indent {
            let line = lines[index]
            if line.indent > indent { throw error("indented more than the key above") }
            guard let (key, rest) = try Self.splitKey(line.text, line: line.number) else {
                if Self.isSequenceItem(line.text) { throw error("a list item where a key was expected") }
                throw error("want \"key: value\"")
            }
            if entries.contains(where: { $0.key == key }) { throw error("\"\(key)\" appears twice") }
            index += 1
            let value: YAMLNode
            if !rest.isEmpty {
                value = try Self.inlineValue(rest, line: line.number)
            } else if index < lines.count, lines[index].indent > indent {
                value = try block(minIndent: indent + 1)
            } else if index < lines.count, lines[index].indent == indent, Self.isSequenceItem(lines[index].text) {
                value = try sequence(at: indent)  // a list may start at its key's column
            } else {
                value = .null
            }
            entries.append((key, value))
        }
        return .mapping(entries)
    }

    private func error(_ what: String) -> ConfigError {
        ConfigError("line \(lines[index].number): \(what)")
    }

    private static func isSequenceItem(_ text: [Character]) -> Bool {
        text == ["-"] || text.starts(with: ["-", " "])
    }

    /// `key: rest` (rest may be empty), or nil when the line is not a key.
    static func splitKey(_ text: [Character], line: Int) throws(ConfigError) -> (String, [Character])? {
        guard let first = text.first, first != "[", first != "{", !isSequenceItem(text) else { return nil }
        if first == "?" { throw ConfigError("line \(line): complex keys (\"? \") are not supported") }
        var scanner = FlowScanner(text, line: line)
        let key: String
        if first == "\"" || first == "'" {
            key = try scanner.quoted()
            scanner.skipBlanks()
            guard scanner.peek == ":" else { return nil }
            scanner.advance()
        } else {
            guard let colon = (0..<text.count).first(where: { text[$0] == ":" && ($0 + 1 == text.count || text[$0 + 1] == " ") }) else {
                return nil
            }
            key = String(String(text[..<colon]).trimmingSpaces)
            scanner.position = colon + 1
        }
        guard scanner.atEnd || scanner.peek == " " else { return nil }
        scanner.skipBlanks()
        return (key, Array(text[scanner.position...]))
    }

    /// The value after `key: ` or `- `, or a line on its own.
    static func inlineValue(_ text: [Character], line: Int) throws(ConfigError) -> YAMLNode {
        var scanner = FlowScanner(text, line: line)
        switch text.first {
        case "&": throw ConfigError("line \(line): anchors (&) are not supported")
        case "*": throw ConfigError("line \(line): aliases (*) are not supported")
        case "!": throw ConfigError("line \(line): tags (!) are not supported")
        case "|", ">": throw ConfigError("line \(line): block scalars (| and >) are not supported; quote the value on one line")
        case "@", "`": throw ConfigError("line \(line): a value cannot start with \(text[0]); quote it")
        case "[", "{", "\"", "'":
            let value = try scanner.value()
            scanner.skipBlanks()
            guard scanner.atEnd else { throw ConfigError("line \(line): text after the value: \"\(String(text[scanner.position...]))\"") }
            return value
        default:
            if let colon = text.firstIndex(of: ":"), colon + 1 < text.count, text[colon + 1] == " " {
                throw ConfigError("line \(line): a value holding \": \" must be quoted")
            }
            return .plain(String(text))
        }
    }
}
