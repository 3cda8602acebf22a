import ArgumentParser
import Hummingbird
import HummingbirdCore
import Logging
import NamespaceExporter
import NamespaceKit
import NamespaceProbe
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve metrics over HTTP (the default)."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("web.listen-address"), help: "Address on which to expose metrics and the web interface.")
    var listenAddress = ":9819"

    @Option(name: .customLong("sample.interval"),
            help: "How often to scan all of procfs when kernel events cannot tell every change (no proc connector or no perf namespaces records): polling, as before (e.g. 5s, 500ms).")
    var sampleInterval = "5s"

    @Option(name: .customLong("sample.resync-interval"),
            help: "How often to scan all of procfs to correct the model while kernel events keep it (proc connector and perf both live); differences are counted in namespace_exporter_resync_corrections_total.")
    var resyncInterval = "5m"

    @Option(name: .customLong("collector.namespaces.max-series"), help: "Upper bound on per-namespace series; the rest are counted in namespace_exporter_series_dropped.")
    var maxSeries = 10_000

    @Flag(name: .customLong("events.proc-connector"), inversion: .prefixedNo,
          help: "Follow the kernel's process events (netlink proc connector, needs CAP_NET_ADMIN) to see short-lived namespaces; without it, churn is seen by the periodic scan only.")
    var procConnector = true

    @Flag(name: .customLong("events.perf"), inversion: .prefixedNo,
          help: "Follow namespace changes of running processes (perf namespaces records: clone with CLONE_NEW*, unshare, setns; needs CAP_PERFMON or CAP_SYS_ADMIN); without it, those are seen by polling every --sample.interval.")
    var perfEvents = true

    @Flag(name: .customLong("events.mounts"), inversion: .prefixedNo,
          help: "Follow nsfs bind mounts as they are attached and detached (fanotify mount events, kernel 6.15+, needs CAP_SYS_ADMIN, which --no-probes drops); without them, bind mounts are seen at each full scan.")
    var mountEvents = true

    /// Data pages per CPU of the perf rings: tests shrink them to make them overrun.
    @Option(name: .customLong("test.perf-ring-pages"), help: .hidden)
    var perfRingPages = 64

    @Option(name: .customLong("events.recent"), help: "How many recent churn events /events keeps.")
    var recentEvents = 1024

    @Option(name: .customLong("events.publish-interval"),
            help: "How soon churn seen through process events reaches /metrics between samples (0s: only with each sample).")
    var eventPublishInterval = "500ms"

    @Option(name: .customLong("web.max-requests"), help: "Requests served at once; more get HTTP 503 (0: no limit).")
    var maxRequests = 40

    @Option(name: .customLong("web.config.file"), help: "exporter-toolkit web configuration (TLS, mTLS, basic auth, headers, rate limit) in YAML.")
    var webConfigFile: String?

    @Option(name: .customLong("web.max-header-bytes"), help: "Largest request head (request line and headers) accepted; larger gets 414/431 and the connection closes.")
    var maxHeaderBytes = 65_536

    @Option(name: .customLong("web.idle-timeout"), help: "Close a connection that sends no complete request head this long after it opened or after its last response (idle keep-alives, slow clients).")
    var idleTimeout = "1m"

    @Flag(name: .customLong("probes"), inversion: .prefixedNo, help: "Serve /probe: create or join namespaces on request and check they isolate.")
    var probes = true

    @Option(name: .customLong("config.file"), help: "Probe modules in YAML (blackbox_exporter style); built-in modules stay unless replaced.")
    var configFile: String?

    @Option(name: .customLong("probe.max-concurrent"), help: "Probes allowed to run at once; more get HTTP 429.")
    var maxConcurrentProbes = 4

    @Option(name: .customLong("probe.max-per-minute"), help: "Probes allowed to start per minute (0: no limit); more get HTTP 429.")
    var probesPerMinute = 600

    @Option(name: .customLong("probe.timeout-offset"), help: "Taken off Prometheus' X-Prometheus-Scrape-Timeout-Seconds to get a probe's timeout.")
    var timeoutOffset = "500ms"

    func validate() throws {
        guard maxHeaderBytes >= 1024 else { throw ValidationError("--web.max-header-bytes must be 1024 or more") }
        do {
            guard try DurationParser.parse(idleTimeout) > .zero else { throw ValidationError("--web.idle-timeout must be above zero") }
        } catch let error as DurationParser.ParseError {
            throw ValidationError("--web.idle-timeout: \(error)")
        }
        guard maxRequests >= 0 else { throw ValidationError("--web.max-requests must be 0 or more") }
        guard maxConcurrentProbes >= 1 else { throw ValidationError("--probe.max-concurrent must be 1 or more") }
        guard probesPerMinute >= 0 else { throw ValidationError("--probe.max-per-minute must be 0 or more") }
        do {
            _ = try DurationParser.parse(timeoutOffset)
        } catch {
            throw ValidationError("--probe.timeout-offset: \(error)")
        }
        do {
            _ = try ListenAddress(parsing: listenAddress)
            guard try DurationParser.parse(sampleInterval) > .zero else {
                throw ValidationError("--sample.interval must be above zero")
            }
            guard try DurationParser.parse(resyncInterval) > .zero else {
                throw ValidationError("--sample.resync-interval must be above zero")
            }
        } catch let error as ListenAddress.ParseError {
            throw ValidationError("--web.listen-address: \(error)")
        } catch let error as DurationParser.ParseError {
            throw ValidationError("--sample.interval or --sample.resync-interval: \(error)")
        }
        guard perfRingPages > 0, perfRingPages & (perfRingPages - 1) == 0 else {
            throw ValidationError("--test.perf-ring-pages must be a power of two")
        }
        guard maxSeries >= 0 else { throw ValidationError("--collector.namespaces.max-series must be 0 or more") }
        guard recentEvents >= 0 else { throw ValidationError("--events.recent must be 0 or more") }
        do {
            _ = try DurationParser.parse(eventPublishInterval)
        } catch {
            throw ValidationError("--events.publish-interval: \(error)")
        }
    }

    func run() async throws {
        try await run(privileges: nil)
    }

    /// Zero switches a periodic task off.
    private static func positive(_ duration: Duration) -> Duration? { duration > .zero ? duration : nil }

    /// Keeps only the capabilities the enabled collectors and probe modules
    /// need (`--no-probes`: no CAP_SYS_ADMIN). Called while single-threaded.
    func dropPrivileges() throws -> PrivilegeDrop.Outcome {
        let needed = LeastPrivilege.needed(
            discovery: common.sampler.options, processEvents: procConnector, namespaceEvents: perfEvents,
            listenPort: try ListenAddress(parsing: listenAddress).port,
            probeModules: probes ? Array(try probeModules().values) : [])
        do { return try PrivilegeDrop.keep(only: needed) } catch { throw CommandFailure(error) }
    }

    /// `privileges`: what the start dropped, for the log; nil when kept as they were.
    func run(privileges: PrivilegeDrop.Outcome?) async throws {
        HeapTuning.returnLargeBlocksToTheKernel()
        let logger = common.makeLogger()
        if let privileges {
            logger.info("capabilities dropped to what is enabled", metadata: [
                "kept": "\(Capability.allCases.filter(privileges.kept.contains).map(\.description).joined(separator: ","))",
                "dropped": "\(privileges.dropped.joined(separator: ","))",
            ])
        }
        let address = try ListenAddress(parsing: listenAddress)
        // A wrong --path.procfs is a configuration error: say so and stop.
        do { _ = try common.sampler.procfs.open() } catch { throw CommandFailure(error) }
        let state = ExporterState()
        let probeRunner = try makeProbeRunner(state: state, logger: logger)
        let sampler = SamplerService(
            sampler: common.sampler, renderer: MetricsRenderer(maxSeries: maxSeries),
            interval: try DurationParser.parse(sampleInterval), resyncInterval: try DurationParser.parse(resyncInterval),
            state: state, logger: logger, sources: openEventSources(logger), recentEvents: recentEvents, probes: probeRunner,
            capabilities: .effective(), eventPublishInterval: try Self.positive(DurationParser.parse(eventPublishInterval)),
            ociRuntimeStateRoots: common.ociRuntimeStateRoots)
        // The first sample is taken before the port opens: no scrape sees an empty body.
        await sampler.sampleOnce()

        let web: WebServer
        let server: HTTPServerBuilder
        do {
            web = WebServer(
                maxHeadBytes: maxHeaderBytes, idleTimeout: try DurationParser.parse(idleTimeout),
                config: try webConfigFile.map { path throws(ConfigError) in try WebConfig.load(path: path) } ?? WebConfig())
            server = try web.builder()
        } catch {
            throw CommandFailure(error)
        }
        let app = Application(
            router: HTTPRoutes.router(
                state: state, probes: probeRunner, timeoutOffset: try DurationParser.parse(timeoutOffset), maxRequests: maxRequests,
                web: web.config),
            server: server,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
            logger: logger)
        logger.info("starting namespace_exporter", metadata: [
            "version": "\(BuildInfo.version)", "procfs": "\(common.procfs)", "sample_interval": "\(sampleInterval)",
            "tls": "\(web.config.tls != nil)", "basic_auth_users": "\(web.config.users.count)",
        ])
        let group = ServiceGroup(configuration: .init(
            services: [app, sampler], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("stopped")
    }

    /// The probe runner with the configured modules, or nil with --no-probes.
    /// A bad config file stops the start with its message.
    private func makeProbeRunner(state: ExporterState, logger: Logger) throws -> ProbeRunner? {
        guard probes else { return nil }
        let modules = try probeModules()
        logger.info("probes enabled", metadata: ["modules": "\(modules.keys.sorted().joined(separator: ","))"])
        let procfs = common.procfs
        return ProbeRunner(
            modules: modules, limits: .init(maxConcurrent: maxConcurrentProbes, perMinute: probesPerMinute),
            capabilities: .effective(), netnsDirectory: common.netns.isEmpty ? nil : common.netns,
            known: { state.published.snapshot.map { KnownNamespaces($0, procfs: procfs) } ?? KnownNamespaces() })
    }

    /// The built-in modules, or the config file's; a bad file stops the start with its message.
    private func probeModules() throws -> [String: ProbeModule] {
        do {
            return try configFile.map { path throws(ConfigError) in try ProbeConfigFile.load(path: path) } ?? ProbeModule.defaults
        } catch {
            throw CommandFailure(error)
        }
    }

    /// The event sources asked for and allowed; each missing one is said once in a log line.
    private func openEventSources(_ logger: Logger) -> EventSources {
        // Events name pids of this pid namespace: only useful when procfs shows it.
        guard procConnector || perfEvents || mountEvents else { return EventSources() }
        let procfs = ProcFS(root: common.procfs)
        guard procfs.showsCallingProcess() else {
            logger.warning("kernel events need --path.procfs to show this process's pid namespace; the model is kept by polling only")
            return EventSources()
        }
        func open<Source>(_ name: String, _ wanted: Bool, consequence: String, _ make: () throws -> Source) -> Source? {
            guard wanted else { return nil }
            do {
                return try make()
            } catch {
                logger.warning("event source unavailable: \(consequence)", metadata: ["source": "\(name)", "error": "\(error)"])
                return nil
            }
        }
        return EventSources(
            processes: open("proc_connector", procConnector, consequence: "processes are seen by polling every --sample.interval") {
                try ProcessEventReader(procfs: procfs)
            },
            namespaces: open("perf", perfEvents, consequence: "unshare and setns are seen by polling every --sample.interval") {
                try PerfNamespaceEvents(pages: perfRingPages)
            },
            mounts: open("fanotify", mountEvents, consequence: "bind mounts are seen at each full scan") { try MountEvents() })
    }
}
