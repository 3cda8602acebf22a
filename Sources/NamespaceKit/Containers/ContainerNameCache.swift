/// The names of each container, read from the OCI runtimes' state
/// directories once per container (IDs are random and never reused) and
/// forgotten when the container is gone. A container no root knows is asked
/// again after `retryAfter` seconds: its runtime may not have written its
/// state yet.
public struct ContainerNameCache: Sendable {
    /// The runtimes' state roots (`--path.oci-runtime-state`).
    public let roots: [String]
    private var known: [String: Entry] = [:]
    /// Malformed, truncated or unreadable state files not yet taken, by file name.
    private var parseErrors: [String: Int] = [:]
    static let retryAfter = 30.0
    /// Annotations beyond this are not ours to hold: a state file is a few tens of KiB.
    static let readLimit = 4 << 20

    /// The usual roots: runc, crun, containerd's runc shim (Kubernetes and
    /// default namespaces) and Docker's (moby) runc root.
    public static let defaultRoots = [
        "/run/runc", "/run/crun", "/run/containerd/runc/k8s.io", "/run/containerd/runc/default", "/run/docker/runtime-runc/moby",
    ]

    private struct Entry: Sendable {
        var names: ContainerNames?
        var readAt: Double
    }

    public init(roots: [String] = defaultRoots) {
        self.roots = roots
    }

    /// The names of `ids` (those with none are absent), reading the state of
    /// any not read yet; entries of IDs not asked for are dropped.
    public mutating func names(of ids: Set<String>, now: Double = monotonicSeconds()) -> [String: ContainerNames] {
        known = known.filter { ids.contains($0.key) }
        var found: [String: ContainerNames] = [:]
        for id in ids {
            if let entry = known[id], entry.names != nil || now - entry.readAt < Self.retryAfter {
                if let names = entry.names, !names.isEmpty { found[id] = names }
                continue
            }
            let names = read(id)
            known[id] = Entry(names: names, readAt: now)
            if let names, !names.isEmpty { found[id] = names }
        }
        return found
    }

    /// The state files that could not be read or parsed since the last call.
    public mutating func takeParseErrors() -> [String: Int] {
        defer { parseErrors = [:] }
        return parseErrors
    }

    /// The first root holding `id`'s state; nil when none does. A file that
    /// is there but malformed counts as read (with empty names): reading it
    /// again would fail the same way.
    private mutating func read(_ id: String) -> ContainerNames? {
        guard !id.contains("/"), id != "..", id != "." else { return nil }
        for root in roots {
            for file in OCIRuntimeState.files {
                let bytes: [UInt8]
                switch ProcFS.readFile("\(root)/\(id)/\(file)", limit: Self.readLimit) {
                case .success(let read): bytes = read
                case .failure(.noSuchFileOrDirectory), .failure(.notDirectory): continue
                case .failure: bytes = []  // unreadable: counted as malformed below
                }
                guard bytes.count < Self.readLimit, let annotations = try? OCIRuntimeState.annotations(file: file, bytes) else {
                    parseErrors["oci-\(file)", default: 0] += 1
                    return ContainerNames()
                }
                return ContainerNames(annotations: annotations)
            }
        }
        return nil
    }
}
