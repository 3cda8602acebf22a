/// The kernel's event sources the exporter opened; each may be missing
/// (not allowed, not in this kernel, switched off) or fail later.
public struct EventSources: Sendable {
    /// fork/exec/exit (netlink proc connector).
    public var processes: ProcessEventReader?
    /// clone with `CLONE_NEW*`, `unshare`, `setns` of running processes (perf namespaces records).
    public var namespaces: PerfNamespaceEvents?
    /// nsfs bind mounts attached and detached (fanotify mount events).
    public var mounts: MountEvents?

    public init(processes: ProcessEventReader? = nil, namespaces: PerfNamespaceEvents? = nil, mounts: MountEvents? = nil) {
        self.processes = processes
        self.namespaces = namespaces
        self.mounts = mounts
    }

    /// The sources by the name `namespace_exporter_event_source{source}` gives them.
    public var byName: [(name: String, stats: EventSourceStats?)] {
        [("proc_connector", processes?.stats), ("perf", namespaces?.stats), ("fanotify", mounts?.stats)]
    }

    /// Whether events tell every change of membership: then a full scan is
    /// only a resync; otherwise the exporter polls.
    public var membershipComplete: Bool {
        guard let processes, let namespaces else { return false }
        return !processes.stats.failed && !namespaces.stats.failed
    }

    public var mountsLive: Bool { mounts.map { !$0.stats.failed } ?? false }

    public func stop() {
        processes?.stop()
        namespaces?.stop()
        mounts?.stop()
    }
}
