import NamespaceKit

/// `namespace_exporter list --tree`: the user and pid namespace hierarchies.
public enum NamespaceTree {
    public static func render(_ snapshot: Snapshot) -> String {
        var lines: [String] = []
        for type in [NamespaceType.user, .pid] {
            let namespaces = snapshot.namespaces.filter { $0.type == type }
            let known = Set(namespaces.map(\.id.ino))
            var children: [UInt64: [Namespace]] = [:]
            var roots: [Namespace] = []
            for namespace in namespaces {
                if let parent = namespace.parent?.id?.ino, known.contains(parent) {
                    children[parent, default: []].append(namespace)
                } else {
                    roots.append(namespace)
                }
            }
            for root in roots {
                add(root, prefix: "", childPrefix: "", children: children, to: &lines)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func add(
        _ namespace: Namespace, prefix: String, childPrefix: String, children: [UInt64: [Namespace]], to lines: inout [String]
    ) {
        lines.append(prefix + describe(namespace))
        let below = children[namespace.id.ino] ?? []
        for (index, child) in below.enumerated() {
            let last = index == below.count - 1
            add(child, prefix: childPrefix + (last ? "└─ " : "├─ "), childPrefix: childPrefix + (last ? "   " : "│  "),
                children: children, to: &lines)
        }
    }

    static func describe(_ namespace: Namespace) -> String {
        var text = "\(namespace.type.rawValue) \(namespace.id.ino)"
        text += namespace.processCount == 1 ? " 1 process" : " \(namespace.processCount) processes"
        if let leader = namespace.leader { text += " (\(leader.pid) \(leader.comm ?? "?"))" }
        if let uid = namespace.creatorUID, namespace.type == .user { text += " uid \(uid)" }
        let others = namespace.holders.filter { $0.key != .process }
        if !others.isEmpty { text += " held by " + NamespaceListing.holdersDescription(others) }
        return text
    }
}
