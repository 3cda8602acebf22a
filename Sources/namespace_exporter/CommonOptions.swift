import ArgumentParser
import Logging
import NamespaceKit

/// Flags every subcommand shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("path.procfs"), help: "procfs mountpoint.")
    var procfs = "/proc"

    @Option(name: .customLong("log.level"), help: "Only log messages with the given severity or above: debug, info, warn, error.")
    var logLevel = "info"

    @Flag(name: .customLong("collector.fd"), inversion: .prefixedNo, help: "Find namespaces held by open file descriptors (/proc/<pid>/fd).")
    var fds = true

    @Flag(name: .customLong("collector.threads"), inversion: .prefixedNo, help: "Find threads in other namespaces than their process (/proc/<pid>/task/*/ns, only for multi-threaded processes).")
    var threads = true

    @Flag(name: .customLong("collector.sockets"), inversion: .prefixedNo, help: "Find network namespaces held by sockets (pidfd_getfd and SIOCGSKNS per socket; off by default: costly on hosts with many sockets).")
    var sockets = false

    @Flag(name: .customLong("collector.mountinfo"), inversion: .prefixedNo, help: "Find namespaces held by nsfs bind mounts (/proc/<pid>/mountinfo, once per mount namespace).")
    var mounts = true

    @Flag(name: .customLong("collector.hierarchy"), inversion: .prefixedNo, help: "Find user and pid namespaces held only as ancestors of others.")
    var hierarchy = true

    @Flag(name: .customLong("collector.net"), inversion: .prefixedNo, help: "Per network namespace: interface counters, sockets, conntrack entries (a member's /proc/<pid>/net; namespaces with no member from inside, with setns).")
    var netStats = true

    @Flag(name: .customLong("collector.mnt"), inversion: .prefixedNo, help: "Per mount namespace: mounts and nsfs mounts (a member's mountinfo).")
    var mntStats = true

    @Flag(name: .customLong("collector.uts"), inversion: .prefixedNo, help: "Per UTS namespace: host and domain name (read from inside, with setns).")
    var utsStats = true

    @Flag(name: .customLong("collector.ipc"), inversion: .prefixedNo, help: "Per IPC namespace: SysV queues, semaphore sets, shared memory (read from inside, with setns; off by default).")
    var ipcStats = false

    @Flag(name: .customLong("collector.user"), inversion: .prefixedNo, help: "Per user namespace: uid and gid maps (a member's uid_map, gid_map).")
    var userStats = true

    @Flag(name: .customLong("collector.pid"), inversion: .prefixedNo, help: "Per pid namespace: processes visible inside, nested namespaces included.")
    var pidStats = true

    @Option(name: .customLong("path.netns"), help: "Directory of named network namespaces (ip netns), checked for stale entries; empty to skip.")
    var netns = "/run/netns"

    @Option(name: .customLong("path.oci-runtime-state"), help: "OCI runtime state roots, comma-separated, where container names (Kubernetes pod, namespace and container) are read from each container's state: runc, crun, containerd's runc shim, Docker's runc. Empty to skip.")
    var ociRuntimeState = ContainerNameCache.defaultRoots.joined(separator: ",")

    /// The roots of `--path.oci-runtime-state`.
    var ociRuntimeStateRoots: [String] {
        ociRuntimeState.split(separator: ",").map { String($0.trimmingSpaces) }.filter { !$0.isEmpty }
    }

    func validate() throws {
        guard Self.levels[logLevel] != nil else {
            throw ValidationError("invalid --log.level \"\(logLevel)\": want debug, info, warn or error")
        }
    }

    var sampler: Sampler {
        Sampler(procfs: ProcFS(root: procfs), options: .init(
            fds: fds, threads: threads, sockets: sockets, mounts: mounts, hierarchy: hierarchy, netnsDirectory: netns.isEmpty ? nil : netns,
            stats: statsCollectors))
    }

    /// One full scan, with the containers' names from the runtimes' state.
    func sampleNamed() throws(CommandFailure) -> Snapshot {
        var snapshot: Snapshot
        do {
            snapshot = try sampler.sample()
        } catch {
            throw CommandFailure(error)
        }
        var names = ContainerNameCache(roots: ociRuntimeStateRoots)
        snapshot.containerNames = names.names(of: snapshot.containers.liveIDs)
        return snapshot
    }

    var statsCollectors: Set<StatsCollector> {
        let flags: [StatsCollector: Bool] = [.net: netStats, .mnt: mntStats, .uts: utsStats, .ipc: ipcStats, .user: userStats, .pid: pidStats]
        return Set(flags.filter(\.value).keys)
    }

    /// A logger writing to stderr at the chosen level.
    func makeLogger(label: String = "namespace_exporter") -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Self.levels[logLevel] ?? .info
        return logger
    }

    private static let levels: [String: Logger.Level] = [
        "debug": .debug, "info": .info, "warn": .warning, "error": .error,
    ]
}
