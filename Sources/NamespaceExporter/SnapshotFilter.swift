import NamespaceKit

/// `?type=net&container=…&inode=…`: which namespaces a snapshot request
/// wants; every given filter must match.
public struct SnapshotFilter: Hashable, Sendable {
    public var type: NamespaceType?
    /// A container ID (or a prefix of at least 4 characters, as `docker ps` shows
    /// them), a pod UID or a systemd unit.
    public var container: String?
    public var inode: UInt64?

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public init(type: NamespaceType? = nil, container: String? = nil, inode: UInt64? = nil) {
        self.type = type
        self.container = container
        self.inode = inode
    }

    /// From query parameters; a malformed value is an error naming it.
    public init(query: [(name: String, value: String)]) throws(Invalid) {
        for (name, value) in query {
            switch name {
            case "type":
                guard let type = NamespaceType(rawValue: value) else {
                    throw Invalid(description: "type=\(value): want one of \(NamespaceType.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                self.type = type
            case "container":
                guard value.count >= 4, value.allSatisfy({ $0.isLetter || $0.isNumber || "-_.@:".contains($0) }) else {
                    throw Invalid(description: "container=\(value): want a container ID (4 characters or more), a pod UID or a unit")
                }
                container = value
            case "inode":
                guard let inode = UInt64(value) else { throw Invalid(description: "inode=\(value): want a decimal inode number") }
                self.inode = inode
            default:
                continue  // cache busters and the like
            }
        }
    }

    public var isEmpty: Bool { type == nil && container == nil && inode == nil }

    /// Names this filter in an ETag.
    var tag: String {
        [type?.rawValue, container, inode.map(String.init)].map { $0 ?? "" }.joined(separator: "-")
    }

    func keeps(type: NamespaceType, inode: UInt64) -> Bool {
        (self.type == nil || self.type == type) && (self.inode == nil || self.inode == inode)
    }

    /// `container=` names a container by ID (or prefix), pod UID, Kubernetes
    /// pod or container name, or the leader's unit.
    func keeps(_ namespace: Namespace, names: [String: ContainerNames] = [:]) -> Bool {
        guard keeps(type: namespace.type, inode: namespace.id.ino) else { return false }
        guard let container else { return true }
        if namespace.unit == container { return true }
        return namespace.containers.contains { found in
            let named = found.names(in: names)
            return found.containerID?.hasPrefix(container) == true || found.podUID == container
                || named.pod == container || named.container == container || named.podUID == container
        }
    }
}
