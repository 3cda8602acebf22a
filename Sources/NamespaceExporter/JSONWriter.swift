/// Writes JSON straight into a string: several times faster than
/// JSONEncoder for the snapshot (thousands of namespaces, tens of thousands
/// of members), and keys come out in the order written.
struct JSONWriter {
    private(set) var text = ""
    private let pretty: Bool
    /// Per open container: whether it has a member yet.
    private var filled: [Bool] = []
    private var afterKey = false

    init(pretty: Bool = false, reservingCapacity capacity: Int = 4096) {
        self.pretty = pretty
        text.reserveCapacity(capacity)
    }

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        open("{")
        body(&self)
        close("}")
    }

    mutating func array(_ body: (inout JSONWriter) -> Void) {
        open("[")
        body(&self)
        close("]")
    }

    mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        text += pretty ? " : " : ":"
        afterKey = true
    }

    mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
    }

    mutating func number<Integer: BinaryInteger>(_ value: Integer) {
        separate()
        text += String(value)
    }

    /// Finite doubles only (JSON has no NaN or infinity): others are written as null.
    mutating func number(_ value: Double) {
        separate()
        text += value.isFinite ? String(value) : "null"
    }

    /// `"name": value` for each non-nil optional field.
    mutating func field(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    mutating func field<Integer: BinaryInteger>(_ name: String, _ value: Integer?) {
        guard let value else { return }
        key(name)
        number(value)
    }

    mutating func field(_ name: String, _ value: Double?) {
        guard let value else { return }
        key(name)
        number(value)
    }

    private mutating func open(_ bracket: String) {
        separate()
        text += bracket
        filled.append(false)
    }

    private mutating func close(_ bracket: String) {
        let hadMembers = filled.removeLast()
        if pretty && hadMembers { newline() }
        text += bracket
    }

    /// Before a value or key: the comma and, pretty, the line break.
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard !filled.isEmpty else { return }
        if filled[filled.count - 1] { text += "," }
        filled[filled.count - 1] = true
        if pretty { newline() }
    }

    private mutating func newline() {
        text += "\n"
        text += String(repeating: "  ", count: filled.count)
    }

    /// Escapes `"`, `\` and control characters; most strings need none.
    private mutating func appendQuoted(_ value: String) {
        text += "\""
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            text += value
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case "\n": text += "\\n"
                case "\t": text += "\\t"
                case "\r": text += "\\r"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
