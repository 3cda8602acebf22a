import NamespaceKit

/// Limits and use per uid: how close each user is to `max_<type>_namespaces`.
extension MetricsRenderer {
    func renderLimits(_ snapshot: Snapshot, into out: inout ExpositionWriter) {
        out.family("linux_namespace_limit", .gauge, help: "The kernel's limit on namespaces of each type per user (/proc/sys/user/max_<type>_namespaces).")
        for type in NamespaceType.allCases {
            guard let limit = snapshot.limits[type] else { continue }
            out.sample("linux_namespace_limit", [("type", type.rawValue)], limit)
        }
        out.family("linux_namespace_owned", .gauge, help: "Namespaces per type charged to each uid: a user namespace to the uid that created it, another namespace to the uid that created its owning user namespace (root for the host's).")
        let owned = snapshot.ownedByUID
        for type in NamespaceType.allCases {
            for (uid, count) in (owned[type] ?? [:]).sorted(by: { $0.key < $1.key }) {
                out.sample("linux_namespace_owned", [("type", type.rawValue), ("uid", String(uid))], count)
            }
        }
    }
}
