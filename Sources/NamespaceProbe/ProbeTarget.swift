import NamespaceKit

/// Where a join probe goes: the path that opens the namespace.
/// A target is a pid (`1234`), a namespace as the kernel names it
/// (`net:[4026532008]`, or the bare inode), or the path of a named network
/// namespace (`/run/netns/blue`) or another nsfs bind mount the sampler found.
public struct ProbeTarget: Hashable, Sendable {
    public let path: String

    /// Linux's largest pid_max: bigger numbers are inodes.
    static let pidLimit: UInt64 = 4_194_304

    init(path: String) {
        self.path = path
    }

    public init(parsing text: String, type: NamespaceType, known: KnownNamespaces, netnsDirectory: String?) throws(ProbeFailure) {
        if let number = UInt64(text), number > 0 {
            if number <= Self.pidLimit {
                path = "/proc/\(number)/ns/\(type.rawValue)"
            } else {
                path = try Self.known(type, number, known)
            }
        } else if let link = NamespaceLink(parsing: Array(text.utf8)) {
            guard link.type == type else {
                throw Self.bad("target \(text) is a \(link.type.rawValue) namespace, the module joins \(type.rawValue)")
            }
            path = try Self.known(type, link.ino, known)
        } else if text.hasPrefix("/") {
            let components = text.split(separator: "/")
            let inNetns = netnsDirectory.map { directory in
                text.hasPrefix(directory.hasSuffix("/") ? directory : directory + "/") && components.count == directory.split(separator: "/").count + 1
            } ?? false
            guard !components.contains(".."), inNetns || known.bindMounts.contains(text) else {
                throw Self.bad("target path \(text) is neither in the netns directory nor a namespace bind mount")
            }
            path = text
        } else {
            throw Self.bad("target \"\(text)\" is not a pid, a namespace (net:[4026532008]) or a path")
        }
    }

    private static func known(_ type: NamespaceType, _ inode: UInt64, _ known: KnownNamespaces) throws(ProbeFailure) -> String {
        guard let path = known.paths[NamespaceKey(type: type, ino: inode)] else {
            throw ProbeFailure(
                reason: "target_not_found", step: "target",
                message: "no \(type.rawValue) namespace with inode \(inode) and a member or bind mount in the last sample")
        }
        return path
    }

    private static func bad(_ message: String) -> ProbeFailure {
        ProbeFailure(reason: "bad_target", step: "target", message: message)
    }
}
