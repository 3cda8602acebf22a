/// Why a JSON document was refused, and at which byte.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        case unexpectedEnd
        case unexpected(UInt8)
        case tooDeep
        case badEscape
        case trailingBytes
    }

    public var reason: Reason
    public var offset: Int

    public var description: String {
        switch reason {
        case .unexpectedEnd: "JSON ends early (byte \(offset))"
        case .unexpected(let byte): "unexpected byte 0x\(String(byte, radix: 16)) at \(offset)"
        case .tooDeep: "JSON nested deeper than \(JSONParser.maxDepth) at byte \(offset)"
        case .badEscape: "bad string escape at byte \(offset)"
        case .trailingBytes: "bytes after the JSON value at \(offset)"
        }
    }
}

/// A recursive-descent reader of one JSON value over bytes.
public struct JSONParser {
    static let maxDepth = 64
    private let bytes: [UInt8]
    private var at = 0

    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.at == bytes.count else { throw parser.error(.trailingBytes) }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func error(_ reason: JSONParseError.Reason) -> JSONParseError {
        JSONParseError(reason: reason, offset: at)
    }

    private mutating func skipSpace() {
        while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
    }

    private mutating func next() throws(JSONParseError) -> UInt8 {
        skipSpace()
        guard at < bytes.count else { throw error(.unexpectedEnd) }
        return bytes[at]
    }

    private mutating func expect(_ byte: UInt8) throws(JSONParseError) {
        let found = try next()
        guard found == byte else { throw error(.unexpected(found)) }
        at += 1
    }

    private mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth < Self.maxDepth else { throw error(.tooDeep) }
        switch try next() {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case let byte where byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte): return .number(number())
        case let byte: throw error(.unexpected(byte))
        }
    }

    private mutating func object(depth: Int) throws(JSONParseError) -> JSONValue {
        at += 1
        var members: [(String, JSONValue)] = []
        if try next() == UInt8(ascii: "}") { at += 1; return .object(members) }
        while true {
            guard try next() == UInt8(ascii: "\"") else { throw error(.unexpected(bytes[at])) }
            let key = try string()
            try expect(UInt8(ascii: ":"))
            members.append((key, try value(depth: depth + 1)))
            let separator = try next()
            at += 1
            if separator == UInt8(ascii: "}") { return .object(members) }
            guard separator == UInt8(ascii: ",") else { at -= 1; throw error(.unexpected(separator)) }
        }
    }

    private mutating func array(depth: Int) throws(JSONParseError) -> JSONValue {
        at += 1
        var items: [JSONValue] = []
        if try next() == UInt8(ascii: "]") { at += 1; return .array(items) }
        while true {
            items.append(try value(depth: depth + 1))
            let separator = try next()
            at += 1
            if separator == UInt8(ascii: "]") { return .array(items) }
            guard separator == UInt8(ascii: ",") else { at -= 1; throw error(.unexpected(separator)) }
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        guard at + count <= bytes.count else { throw error(.unexpectedEnd) }
        for index in 0..<count where bytes[at + index] != word.utf8Start[index] {
            at += index
            throw error(.unexpected(bytes[at]))
        }
        at += count
    }

    /// The number's text as it stands (sign, digits, fraction, exponent).
    private mutating func number() -> String {
        let start = at
        while at < bytes.count, "+-.eE0123456789".utf8.contains(bytes[at]) { at += 1 }
        return String(decoding: bytes[start..<at], as: UTF8.self)
    }

    private mutating func string() throws(JSONParseError) -> String {
        at += 1
        var out: [UInt8] = []
        while at < bytes.count {
            let byte = bytes[at]
            at += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"): try escape(into: &out)
            case 0..<0x20: at -= 1; throw error(.unexpected(byte))
            default: out.append(byte)
            }
        }
        throw error(.unexpectedEnd)
    }

    private mutating func escape(into out: inout [UInt8]) throws(JSONParseError) {
        guard at < bytes.count else { throw error(.unexpectedEnd) }
        let byte = bytes[at]
        at += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar), at + 6 <= bytes.count, bytes[at] == UInt8(ascii: "\\"),
               bytes[at + 1] == UInt8(ascii: "u") {
                at += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error(.badEscape) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            // A lone surrogate is not a character: U+FFFD, as a decoder would show it.
            out.append(contentsOf: String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
        default: at -= 1; throw error(.badEscape)
        }
    }

    private mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard at + 4 <= bytes.count else { throw error(.unexpectedEnd) }
        var value: UInt32 = 0
        for byte in bytes[at..<at + 4] {
            guard let digit = hexDigit(byte) else { throw error(.badEscape) }
            value = value << 4 | UInt32(digit)
        }
        at += 4
        return value
    }

    private func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
