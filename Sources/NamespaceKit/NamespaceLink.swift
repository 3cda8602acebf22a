/// The target of a `/proc/<pid>/ns/<name>` link, e.g. `net:[4026531993]`.
public struct NamespaceLink: Equatable, Sendable {
    public var type: NamespaceType
    public var ino: UInt64

    public init(type: NamespaceType, ino: UInt64) {
        self.type = type
        self.ino = ino
    }

    /// Parses `type:[inode]`; nil for anything else.
    public init?<Bytes: BidirectionalCollection<UInt8>>(parsing bytes: Bytes) {
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")),
              let type = NamespaceType(rawValue: String(decoding: bytes[..<colon], as: UTF8.self))
        else { return nil }
        var rest = bytes[bytes.index(after: colon)...]
        guard rest.first == UInt8(ascii: "["), rest.last == UInt8(ascii: "]") else { return nil }
        rest = rest.dropFirst().dropLast()
        guard let ino = parseDecimal(rest) else { return nil }
        self.init(type: type, ino: ino)
    }

    public init?(parsing text: String) {
        self.init(parsing: Array(text.utf8))
    }
}

/// Parses an unsigned decimal without sign, spaces or overflow; nil otherwise.
func parseDecimal<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64? {
    guard !bytes.isEmpty, bytes.count <= 20 else { return nil }
    var value: UInt64 = 0
    for byte in bytes {
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        let (times10, o1) = value.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
        guard !o1, !o2 else { return nil }
        value = sum
    }
    return value
}
