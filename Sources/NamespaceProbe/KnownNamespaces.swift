import NamespaceKit

/// The namespaces the last sample found, by type and inode, with a path
/// that opens each (a member's `/proc/<pid>/ns/<type>`, else a bind mount),
/// so a probe can join one named by its inode.
public struct KnownNamespaces: Sendable {
    public var paths: [NamespaceKey: String] = [:]
    /// nsfs bind mounts: the paths (besides the netns directory) a target may name.
    public var bindMounts: Set<String> = []

    public init() {}

    public init(_ snapshot: Snapshot, procfs: String) {
        for namespace in snapshot.namespaces {
            let key = namespace.key
            if let leader = namespace.leader {
                paths[key] = "\(procfs)/\(leader.pid)/ns/\(namespace.type.rawValue)"
            } else if let mount = namespace.mountPoints.first {
                paths[key] = mount
            }
            bindMounts.formUnion(namespace.mountPoints)
        }
    }
}
