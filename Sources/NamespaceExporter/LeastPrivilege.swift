import NamespaceKit
import NamespaceProbe

/// Which capabilities the exporter keeps, from what is enabled: everything
/// else is dropped at start (`PrivilegeDrop`).
public enum LeastPrivilege {
    /// - `discovery`: the sampler's stages; reading other users' /proc entries
    ///   needs CAP_SYS_PTRACE, listing their mode-0500 `fd` directories
    ///   CAP_DAC_READ_SEARCH, and `SIOCGSKNS` on sockets CAP_NET_ADMIN;
    /// - `processEvents`: the proc connector needs CAP_NET_ADMIN;
    /// - `namespaceEvents`: perf namespaces records of every task need CAP_PERFMON;
    ///   (fanotify mount events need CAP_SYS_ADMIN too, but are not a reason
    ///   to keep it: with `--no-probes` they fall back to the resync);
    /// - `listenPort`: below 1024 needs CAP_NET_BIND_SERVICE;
    /// - `probeModules`: what each module uses, or none with `--no-probes`
    ///   (so CAP_SYS_ADMIN goes).
    public static func needed(
        discovery: Sampler.DiscoveryOptions, processEvents: Bool, namespaceEvents: Bool = false, listenPort: Int,
        probeModules: [ProbeModule]
    ) -> CapabilitySet {
        var needed: [Capability] = [.sysPtrace, .dacReadSearch]
        if processEvents || discovery.sockets { needed.append(.netAdmin) }
        if namespaceEvents { needed.append(.perfmon) }
        if listenPort < 1024 { needed.append(.netBindService) }
        let probes = probeModules.reduce(0) { $0 | Probe.capabilities(of: $1).mask }
        return CapabilitySet(mask: CapabilitySet(needed).mask | probes)
    }
}
