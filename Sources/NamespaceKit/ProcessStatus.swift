/// The fields of `/proc/<pid>/status` a probe checks: ids as seen from the
/// reader's user namespace, and the effective capabilities.
public struct ProcessStatus: Equatable, Sendable {
    /// Real, effective, saved and filesystem uid.
    public var uids: [UInt32] = []
    public var gids: [UInt32] = []
    public var effectiveCapabilities: UInt64?

    public init(parsing text: Substring) {
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...]
            switch line[..<colon] {
            case "Uid": uids = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { UInt32($0) }
            case "Gid": gids = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { UInt32($0) }
            case "CapEff": effectiveCapabilities = UInt64(value.trimmingSpaces, radix: 16)
            default: continue
            }
        }
    }
}
