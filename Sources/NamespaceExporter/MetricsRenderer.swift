import NIOCore
import NamespaceKit
import NamespaceProbe

/// Renders one snapshot and the exporter's counters as a `/metrics` body.
/// Pure: the same input always gives the same bytes (the golden test relies on it).
public struct MetricsRenderer: Sendable {
    /// Upper bound on per-namespace series (`--collector.namespaces.max-series`).
    public var maxSeries: Int

    public init(maxSeries: Int) {
        self.maxSeries = maxSeries
    }

    /// Series a namespace contributes: `linux_namespace_processes`,
    /// `linux_namespace_info`, `linux_namespace_first_seen_timestamp_seconds`,
    /// one `linux_namespace_container_info` per container of its members,
    /// `linux_namespace_unit_info` when its leader is in a systemd unit, one
    /// `linux_namespace_holders` per kind of holder and one
    /// `linux_namespace_bind_mount_info` per mount point.
    static func series(of namespace: Namespace) -> Int {
        3 + namespace.containers.count + (namespace.unit == nil ? 0 : 1) + (namespace.threadCount == nil ? 0 : 1)
            + namespace.holders.count + namespace.mountPoints.count
    }

    /// `probes`: the probe runner's counts, when probing is on; `capabilities`: the exporter's effective set;
    /// `openMetricsCreated`: render OpenMetrics 1.0 instead of 0.0.4, with counters created at this time.
    public func render(
        _ snapshot: Snapshot, counters: ExporterCounters, churn: ChurnView = ChurnView(),
        probes: ProbeStatistics? = nil, capabilities: CapabilitySet? = nil, openMetricsCreated: Double? = nil
    ) -> String {
        render(
            sampleFamilies(snapshot, churn: churn), snapshot: snapshot, counters: counters, churn: churn,
            probes: probes, capabilities: capabilities, openMetricsCreated: openMetricsCreated)
    }

    /// The per-namespace families of `snapshot`, rendered when a format is first asked for.
    public func sampleFamilies(_ snapshot: Snapshot, churn: ChurnView) -> SampleFamilies {
        SampleFamilies { [self] format in
            var out = ExpositionWriter(reservingCapacity: 256 + snapshot.namespaces.count * 300, format: format)
            let dropped = writeSampleFamilies(snapshot, churn: churn, into: &out)
            return SampleFamilies.Rendered(bytes: ByteBuffer(string: out.text), droppedSeries: dropped)
        }
    }

    /// The same bytes as `render(_:counters:...)`, for a sample whose families may already be made.
    public func render(
        _ families: SampleFamilies, snapshot: Snapshot, counters: ExporterCounters, churn: ChurnView,
        probes: ProbeStatistics? = nil, capabilities: CapabilitySet? = nil, openMetricsCreated: Double? = nil
    ) -> String {
        let chunks = renderChunks(
            families, snapshot: snapshot, counters: counters, churn: churn, probes: probes, capabilities: capabilities,
            openMetricsCreated: openMetricsCreated)
        return chunks.map { String(buffer: $0) }.joined()
    }

    /// The body as two chunks: the sample's families, shared with every
    /// other body of the sample, and the live families after them.
    public func renderChunks(
        _ families: SampleFamilies, snapshot: Snapshot, counters: ExporterCounters, churn: ChurnView,
        probes: ProbeStatistics? = nil, capabilities: CapabilitySet? = nil, openMetricsCreated: Double? = nil
    ) -> [ByteBuffer] {
        let format = openMetricsCreated.map { ExpositionWriter.Format.openMetrics(created: $0) } ?? .prometheus
        let sample = families.rendered(format)
        var out = ExpositionWriter(format: format)
        writeLiveFamilies(
            snapshot, counters: counters, churn: churn, probes: probes, capabilities: capabilities,
            seriesDropped: sample.droppedSeries, into: &out)
        return [sample.bytes, ByteBuffer(string: out.body)]
    }

    /// Returns how many per-namespace series the bound cut.
    private func writeSampleFamilies(_ snapshot: Snapshot, churn: ChurnView, into out: inout ExpositionWriter) -> Int {
        let (kept, dropped) = boundedNamespaces(snapshot.namespaces)

        out.family("linux_namespaces", .gauge, help: "Namespaces alive now, by type.")
        let counts = snapshot.countsByType
        for type in NamespaceType.allCases {
            out.sample("linux_namespaces", [("type", type.rawValue)], counts[type] ?? 0)
        }

        out.family("linux_namespace_processes", .gauge, help: "Processes in each namespace (its /proc/<pid>/ns/<type> link names it).")
        for namespace in kept {
            out.sample("linux_namespace_processes", namespace.identityLabels, namespace.processCount)
        }

        out.family("linux_namespace_threads", .gauge, help: "Threads in each namespace: those of its member processes that did not move out, and threads that moved in.")
        for namespace in kept {
            guard let threads = namespace.threadCount else { continue }
            out.sample("linux_namespace_threads", namespace.identityLabels, threads)
        }

        out.family("linux_namespace_info", .gauge, help: "Facts about each namespace: owning user namespace, parent, leader (lowest member pid) and its command, and for user namespaces the uid that created it; empty when unknown or not applicable.")
        for namespace in kept {
            out.sample("linux_namespace_info", namespace.identityLabels + namespace.infoLabels, 1)
        }

        renderContainers(snapshot, kept: kept, into: &out)

        out.family("linux_namespace_first_seen_timestamp_seconds", .gauge, help: "When the exporter first saw each namespace, seconds since the Unix epoch (for those there when it started: its first sample). Age is time() minus this.")
        for namespace in kept {
            guard let seen = churn.firstSeen[namespace.key] else { continue }
            out.sample("linux_namespace_first_seen_timestamp_seconds", namespace.identityLabels, seen)
        }

        renderHolders(snapshot, kept: kept, into: &out)
        renderStats(snapshot, into: &out)
        renderLimits(snapshot, into: &out)
        return dropped
    }

    /// Churn, the exporter's own counters, probes: what can change between samples.
    private func writeLiveFamilies(
        _ snapshot: Snapshot, counters: ExporterCounters, churn: ChurnView, probes: ProbeStatistics?,
        capabilities: CapabilitySet?, seriesDropped: Int, into out: inout ExpositionWriter
    ) {
        renderChurn(churn, into: &out)
        renderSelf(snapshot, counters: counters, seriesDropped: seriesDropped, into: &out)
        renderEventSource(churn, into: &out)
        if let capabilities { renderCapabilities(capabilities, into: &out) }
        if let probes { renderProbes(probes, into: &out) }
    }

    /// The namespaces that get per-namespace series: the most populated first,
    /// then by type and inode, up to the series bound; returned in output order.
    func boundedNamespaces(_ namespaces: [Namespace]) -> (kept: [Namespace], droppedSeries: Int) {
        let total = namespaces.reduce(0) { $0 + Self.series(of: $1) }
        guard total > maxSeries else { return (namespaces, 0) }
        var kept: [Namespace] = []
        var used = 0
        var dropped = 0
        for namespace in namespaces.sorted(by: { ($1.processCount, $0.type, $0.id) < ($0.processCount, $1.type, $1.id) }) {
            let cost = Self.series(of: namespace)
            // Once one does not fit, the rest are cut too: the order stays "most populated first".
            if dropped == 0 && used + cost <= maxSeries {
                kept.append(namespace)
                used += cost
            } else {
                dropped += cost
            }
        }
        return (kept.sorted { ($0.type, $0.id) < ($1.type, $1.id) }, dropped)
    }

    private func renderSelf(_ snapshot: Snapshot, counters: ExporterCounters, seriesDropped: Int, into out: inout ExpositionWriter) {
        out.family("namespace_exporter_build_info", .gauge, help: "A metric with a constant '1' value labeled by version, revision, branch and swift_version from which namespace_exporter was built.")
        out.sample("namespace_exporter_build_info", [
            ("version", BuildInfo.version), ("revision", BuildInfo.revision), ("branch", BuildInfo.branch), ("swift_version", BuildInfo.swiftVersion),
        ], 1)
        out.single("namespace_exporter_sample_duration_seconds", .gauge, help: "How long the last sample of /proc took.", snapshot.duration)
        out.family("namespace_exporter_stage_duration_seconds", .gauge, help: "How long each discovery stage of the last sample took (processes, cgroup, fd, threads, sockets, mountinfo, ioctls, hierarchy, leaders, limits); stages switched off by --no-collector.<stage> are absent.")
        for (stage, seconds) in snapshot.stageDurations.sorted(by: { $0.key < $1.key }) {
            out.sample("namespace_exporter_stage_duration_seconds", [("stage", stage)], max(0, seconds))
        }
        out.single("namespace_exporter_samples_total", .counter, help: "Samples of /proc completed since start.", counters.samples)
        out.single("namespace_exporter_sample_errors_total", .counter, help: "Samples that failed as a whole (the procfs root could not be read).", counters.sampleErrors)
        out.single("namespace_exporter_last_sample_timestamp_seconds", .gauge, help: "When the last completed sample started, seconds since the Unix epoch.", snapshot.timestamp)
        out.single("namespace_exporter_processes_scanned", .gauge, help: "Processes whose namespaces the last sample read.", snapshot.processCounts.scanned)
        out.single("namespace_exporter_processes_vanished_total", .counter, help: "Processes that exited (or were zombies) between being listed and being read, over all samples.", counters.processesVanished)
        out.family("namespace_exporter_proc_parse_errors_total", .counter, help: "Lines or files of /proc not in the kernel's format, by file, skipped, over all samples.")
        let files = Set(["cgroup", "gid_map", "mountinfo", "net/dev", "net/sockstat", "net/sockstat6", "net/stat/nf_conntrack", "stat", "sysvipc/shm", "uid_map"])
        for file in files.union(counters.parseErrors.keys).sorted() {
            out.sample("namespace_exporter_proc_parse_errors_total", [("file", file)], counters.parseErrors[file] ?? 0)
        }
        out.single("namespace_exporter_processes_unreadable", .gauge, help: "Processes the last sample was not allowed to read (EACCES; needs root or CAP_SYS_PTRACE).", snapshot.processCounts.unreadable)
        out.single("namespace_exporter_series_dropped", .gauge, help: "Per-namespace series left out of the last sample's exposition by --collector.namespaces.max-series.", seriesDropped)
    }
}

extension Namespace {
    var identityLabels: [(String, String)] {
        [("type", type.rawValue), ("inode", String(id.ino))]
    }

    var infoLabels: [(String, String)] {
        [
            ("owner_inode", owner.id.map { String($0.ino) } ?? ""),
            ("parent_inode", parent?.id.map { String($0.ino) } ?? ""),
            ("leader_pid", leader.map { String($0.pid) } ?? ""),
            ("leader_comm", leader?.comm ?? ""),
            ("owner_uid", creatorUID.map { String($0) } ?? ""),
        ]
    }
}
