/// Which container (or systemd unit) a process belongs to, read from its
/// `/proc/<pid>/cgroup` path alone — no engine API.
///
/// Recognised paths (systemd and cgroupfs drivers, cgroup v1 and v2):
/// - Docker: `…/docker-<id>.scope`, `/docker/<id>`
/// - containerd under Kubernetes: `…/kubepods-…-pod<uid>.slice/cri-containerd-<id>.scope`,
///   `/kubepods/<qos>/pod<uid>/<id>`
/// - CRI-O: `…/crio-<id>.scope`; Podman: `…/libpod-<id>.scope`, `/libpod_parent/libpod-<id>`,
///   and in a pod `/libpod_parent/<pod id>/libpod-<id>` or `machine-libpod_pod_<pod id>.slice/libpod-<id>.scope`
/// - otherwise the innermost systemd `.service` or `.scope` is the unit.
public struct ContainerAttribution: Hashable, Sendable {
    public var runtime: String?
    public var containerID: String?
    /// The Kubernetes pod UID, or a podman pod's ID.
    public var podUID: String?
    public var unit: String?

    public init(runtime: String? = nil, containerID: String? = nil, podUID: String? = nil, unit: String? = nil) {
        self.runtime = runtime
        self.containerID = containerID
        self.podUID = podUID
        self.unit = unit
    }

    /// Reads the whole file (one line per hierarchy); nil when nothing is recognised.
    public init?(cgroupFile text: String) {
        self.init(paths: CgroupFile.paths(text[...]).values)
    }

    /// The paths of a cgroup file's lines; nil when nothing is recognised.
    public init?(paths: [Substring]) {
        var best: ContainerAttribution?
        for path in paths {
            guard let found = ContainerAttribution(path: path) else { continue }
            if found.containerID != nil { self = found; return }
            best = best ?? found
        }
        guard let best else { return nil }
        self = best
    }

    /// Recognises one cgroup path.
    public init?(path: Substring) {
        let parts = path.split(separator: "/")
        var result = ContainerAttribution()
        for (index, part) in parts.enumerated() {
            if let uid = Self.podUID(part) { result.podUID = uid }
            for (prefix, runtime) in Self.scopePrefixes where part.hasPrefix(prefix) && part.hasSuffix(".scope") {
                let id = part.dropFirst(prefix.count).dropLast(".scope".count)
                if Self.isContainerID(id) {
                    result.runtime = runtime
                    result.containerID = String(id)
                }
            }
            if Self.isContainerID(part), index > 0 {
                let parent = parts[index - 1]
                if parent == "docker" { result.runtime = "docker"; result.containerID = String(part) }
                if parent.hasPrefix("pod"), result.podUID != nil { result.runtime = result.runtime ?? "cri"; result.containerID = String(part) }
            }
            if part.hasPrefix("libpod-"), parts.dropLast().last == "libpod_parent" || index == parts.count - 1,
               Self.isContainerID(part.dropFirst("libpod-".count)) {
                result.runtime = "podman"
                result.containerID = String(part.dropFirst("libpod-".count))
                if index >= 2, parts[index - 2] == "libpod_parent", Self.isContainerID(parts[index - 1]) {
                    result.podUID = String(parts[index - 1])
                }
            }
            if part.hasPrefix("machine-libpod_pod_"), part.hasSuffix(".slice") {
                let pod = part.dropFirst("machine-libpod_pod_".count).dropLast(".slice".count)
                if Self.isContainerID(pod) { result.podUID = String(pod); result.runtime = "podman" }
            }
        }
        if result.containerID == nil, let last = parts.last(where: { $0.hasSuffix(".service") || $0.hasSuffix(".scope") }) {
            result.unit = String(last)
        }
        if result.podUID != nil, result.runtime == nil { result.runtime = "cri" }
        guard result != ContainerAttribution() else { return nil }
        self = result
    }

    static let scopePrefixes: [(String, String)] = [
        ("docker-", "docker"), ("cri-containerd-", "containerd"), ("crio-", "cri-o"), ("libpod-", "podman"),
    ]

    /// Container ids are 64 hex digits.
    static func isContainerID(_ text: Substring) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// `pod<uid>` (cgroupfs) or `kubepods[-<qos>]-pod<uid with _>.slice` (systemd).
    static func podUID(_ part: Substring) -> String? {
        var candidate: Substring
        if part.hasPrefix("kubepods"), part.hasSuffix(".slice"), let marker = part.firstRange(of: "-pod") {
            candidate = part[marker.upperBound...].dropLast(".slice".count)
        } else if part.hasPrefix("pod"), part.count == 39 {
            candidate = part.dropFirst(3)
        } else {
            return nil
        }
        let uid = candidate.replacing("_", with: "-")
        let isUID = uid.count == 36 && uid.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) || $0 == 45 }
        return isUID ? String(uid) : nil
    }
}
