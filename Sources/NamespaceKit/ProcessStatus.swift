/// The fields of `/proc/<pid>/status` a probe checks: ids as seen from the
/// reader's user namespace, and the effective capabilities.
public struct ProcessStatus: Equatable, Sendable {
    /// Real, effective, saved and filesystem uid.
    public var uids: [UInt32] = []
    public var gids: [UInt32] = []
    public var effectiveCapabilities: UInt64?

    /// Lines without a colon and fields it does not use are skipped; a Uid,
    /// Gid or CapEff line it cannot read is an error.
    public init(parsing text: Substring) throws(ProcParseError) {
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...]
            switch line[..<colon] {
            case "Uid": uids = try Self.ids(value, "Uid")
            case "Gid": gids = try Self.ids(value, "Gid")
            case "CapEff":
                guard let mask = UInt64(value.trimmingSpaces, radix: 16) else { throw ProcParseError("status", .badNumber(field: "CapEff")) }
                effectiveCapabilities = mask
            default: continue
            }
        }
    }

    /// Real, effective, saved and filesystem ids.
    private static func ids(_ value: Substring, _ field: String) throws(ProcParseError) -> [UInt32] {
        let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" })
        let ids = words.compactMap { UInt32($0) }
        guard ids.count == 4, words.count == 4 else { throw ProcParseError("status", .badNumber(field: field)) }
        return ids
    }
}
