import NamespaceKit

/// Leak signals: what holds each namespace, which have no member process,
/// and stale names in the netns directory.
extension MetricsRenderer {
    func renderHolders(_ snapshot: Snapshot, kept: [Namespace], into out: inout ExpositionWriter) {
        out.family("linux_namespace_holders", .gauge, help: "What keeps each namespace alive: process links (ns/* and *_for_children), threads in other namespaces than their process, open fds, nsfs bind mounts, or only being an ancestor (hierarchy) of a held namespace.")
        for namespace in kept {
            for (kind, count) in namespace.holders.sorted(by: { $0.key < $1.key }) {
                out.sample("linux_namespace_holders", namespace.identityLabels + [("holder", kind.rawValue)], count)
            }
        }
        out.family("linux_namespace_bind_mount_info", .gauge, help: "Where each namespace is bind-mounted (the path in the mount namespace of the mount).")
        for namespace in kept {
            for path in namespace.mountPoints {
                out.sample("linux_namespace_bind_mount_info", namespace.identityLabels + [("path", path)], 1)
            }
        }
        out.family("linux_namespace_pinned", .gauge, help: "Namespaces with no member process, held only by an fd, a bind mount, a *_for_children link or their descendants.")
        var pinned: [NamespaceType: Int] = [:]
        for namespace in snapshot.namespaces where namespace.isPinned { pinned[namespace.type, default: 0] += 1 }
        for type in NamespaceType.allCases {
            out.sample("linux_namespace_pinned", [("type", type.rawValue)], pinned[type] ?? 0)
        }
        if let stale = snapshot.staleNetnsEntries {
            out.single("linux_namespace_stale_netns_entries", .gauge, help: "Names in the netns directory (--path.netns) that are not nsfs mounts: ip netns lists them, nothing is held through them.", stale.count)
        }
    }
}
