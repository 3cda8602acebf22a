/// What a CRI runtime calls a container: its pod, the pod's Kubernetes
/// namespace and the container's name, from the OCI annotations it wrote
/// into the bundle. Empty fields: not annotated.
public struct ContainerNames: Hashable, Sendable {
    public var pod: String?
    public var podNamespace: String?
    public var container: String?
    public var podUID: String?

    public init(pod: String? = nil, podNamespace: String? = nil, container: String? = nil, podUID: String? = nil) {
        self.pod = pod
        self.podNamespace = podNamespace
        self.container = container
        self.podUID = podUID
    }

    public var isEmpty: Bool { self == ContainerNames() }
}

extension ContainerAttribution {
    /// Its names among `names` (by container ID); empty when it has none.
    public func names(in names: [String: ContainerNames]) -> ContainerNames {
        containerID.flatMap { names[$0] } ?? ContainerNames()
    }
}

extension ContainerNames {
    /// The names among `annotations` (key, value pairs): the keys CRI-O (and
    /// `podman run --annotation`) write, then containerd's; empty values
    /// count as absent.
    public init(annotations: some Sequence<(String, String)>) {
        let byKey = Dictionary(annotations.map { ($0.0, $0.1) }) { first, _ in first }
        func first(_ keys: String...) -> String? { keys.lazy.compactMap { byKey[$0] }.first { !$0.isEmpty } }
        pod = first("io.kubernetes.pod.name", "io.kubernetes.cri.sandbox-name")
        podNamespace = first("io.kubernetes.pod.namespace", "io.kubernetes.cri.sandbox-namespace")
        container = first("io.kubernetes.container.name", "io.kubernetes.cri.container-name")
        podUID = first("io.kubernetes.pod.uid", "io.kubernetes.cri.sandbox-uid")
    }
}
