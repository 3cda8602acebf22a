import FoundationEssentials
import NamespaceKit

/// `namespace_exporter list`: the namespaces of one snapshot as an
/// lsns-style table or as JSON.
public enum NamespaceListing {
    static let headers = ["TYPE", "INODE", "NPROCS", "PID", "COMMAND", "OWNER", "PARENT", "HOLDERS", "CONTAINERS"]

    public static func table(_ snapshot: Snapshot) -> String {
        let rows = [headers] + snapshot.namespaces.map { namespace in
            [
                namespace.type.rawValue, String(namespace.id.ino), String(namespace.processCount),
                namespace.leader.map { String($0.pid) } ?? "-", namespace.leader?.comm ?? "-",
                namespace.owner.id.map { String($0.ino) } ?? "-",
                namespace.parent?.id.map { String($0.ino) } ?? "-",
                holdersDescription(namespace.holders),
                containersDescription(namespace, names: snapshot.containerNames),
            ]
        }
        // Numbers right-aligned, words left-aligned, as lsns prints them.
        return aligned(rows, rightAligned: [1, 2, 3])
    }

    /// Churn events as a table, times in seconds after `since`.
    public static func eventsTable(_ events: [ChurnEvent], since start: Double) -> String {
        let rows = [["TIME", "EVENT", "TYPE", "INODE", "PID", "COMMAND", "LIFETIME"]] + events.map { event in
            [
                "+" + seconds(event.time - start), event.kind.rawValue, event.namespace.type.rawValue,
                String(event.namespace.ino), event.pid.map(String.init) ?? "-", event.comm ?? "-",
                event.lifetime.map { seconds($0) + "s" } ?? "-",
            ]
        }
        return aligned(rows, rightAligned: [0, 3, 4, 6])
    }

    /// One container as `runtime:id` (12 digits, as `podman ps` shows) or
    /// its Kubernetes names; several in one pod as the pod and how many;
    /// several otherwise as the first and how many more; else the unit.
    public static func containersDescription(_ namespace: Namespace, names: [String: ContainerNames]) -> String {
        let containers = namespace.containers
        guard let first = containers.first else { return namespace.unit ?? "-" }
        if containers.count == 1 { return first.shortDescription(names) }
        let pods = Set(containers.map(\.podUID))
        if pods.count == 1, let pod = first.podUID {
            let named = first.names(in: names)
            let name = named.pod.map { (named.podNamespace.map { $0 + "/" } ?? "") + $0 }
            return "pod:\(name ?? String(pod.prefix(12))) (\(containers.count) containers)"
        }
        return "\(first.shortDescription(names)) +\(containers.count - 1)"
    }

    /// `process=3,fd=1`, in the kinds' order.
    public static func holdersDescription(_ holders: [HolderKind: Int]) -> String {
        let parts: [String] = HolderKind.allCases.compactMap { kind in holders[kind].map { "\(kind.rawValue)=\($0)" } }
        return parts.isEmpty ? "-" : parts.joined(separator: ",")
    }

    private static func seconds(_ value: Double) -> String {
        let millis = Int((value * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// Columns padded to their widest cell, joined by one space.
    static func aligned(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        guard let first = rows.first else { return "" }
        let widths = first.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.indices.map { column in
                let cell = row[column]
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: " ").trimmingTrailingSpaces()
        }.joined(separator: "\n") + "\n"
    }

    struct Entry: Codable {
        var type: String
        var inode: UInt64
        var dev: UInt64
        var nprocs: Int
        var pid: Int32?
        var command: String?
        var owner_inode: UInt64?
        var parent_inode: UInt64?
        var creator_uid: UInt32?
        /// Each container's labels as on `linux_namespace_container_info`, the empty ones left out.
        var containers: [[String: String]]
        var unit: String?
        var holders: [String: Int]
        var mount_points: [String]
    }

    struct Document: Codable {
        var namespaces: [Entry]
    }

    public static func json(_ snapshot: Snapshot) -> String {
        let document = Document(namespaces: snapshot.namespaces.map { namespace in
            Entry(
                type: namespace.type.rawValue, inode: namespace.id.ino, dev: namespace.id.dev,
                nprocs: namespace.processCount, pid: namespace.leader?.pid, command: namespace.leader?.comm,
                owner_inode: namespace.owner.id?.ino, parent_inode: namespace.parent?.id?.ino,
                creator_uid: namespace.creatorUID,
                containers: namespace.containers.map { Dictionary(uniqueKeysWithValues: $0.presentLabels(snapshot.containerNames)) },
                unit: namespace.unit,
                holders: Dictionary(uniqueKeysWithValues: namespace.holders.map { ($0.key.rawValue, $0.value) }),
                mount_points: namespace.mountPoints)
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Encoding plain structs of strings and numbers cannot fail.
        let data = (try? encoder.encode(document)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}

extension ContainerAttribution {
    /// `pod_namespace/pod/container` when annotated, else `runtime:id` (12 digits of it), else the unit.
    func shortDescription(_ names: [String: ContainerNames]) -> String {
        let named = self.names(in: names)
        if let container = named.container {
            return [named.podNamespace, named.pod, container].compactMap { $0 }.joined(separator: "/")
        }
        if let containerID { return "\(runtime ?? "container"):\(containerID.prefix(12))" }
        return unit ?? "-"
    }
}
