import ArgumentParser
import Hummingbird
import Logging
import NamespaceExporter
import NamespaceKit
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve metrics over HTTP (the default)."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("web.listen-address"), help: "Address on which to expose metrics and the web interface.")
    var listenAddress = ":9819"

    @Option(name: .customLong("sample.interval"), help: "How often to sample procfs (e.g. 5s, 500ms).")
    var sampleInterval = "5s"

    @Option(name: .customLong("collector.namespaces.max-series"), help: "Upper bound on per-namespace series; the rest are counted in namespace_exporter_series_dropped.")
    var maxSeries = 10_000

    @Flag(name: .customLong("events.proc-connector"), inversion: .prefixedNo,
          help: "Follow the kernel's process events (netlink proc connector, needs CAP_NET_ADMIN) to see short-lived namespaces; without it, churn is seen by the periodic scan only.")
    var procConnector = true

    @Option(name: .customLong("events.recent"), help: "How many recent churn events /events keeps.")
    var recentEvents = 1024

    func validate() throws {
        do {
            _ = try ListenAddress(parsing: listenAddress)
            guard try DurationParser.parse(sampleInterval) > .zero else {
                throw ValidationError("--sample.interval must be above zero")
            }
        } catch let error as ListenAddress.ParseError {
            throw ValidationError("--web.listen-address: \(error)")
        } catch let error as DurationParser.ParseError {
            throw ValidationError("--sample.interval: \(error)")
        }
        guard maxSeries >= 0 else { throw ValidationError("--collector.namespaces.max-series must be 0 or more") }
        guard recentEvents >= 0 else { throw ValidationError("--events.recent must be 0 or more") }
    }

    func run() async throws {
        let logger = common.makeLogger()
        let address = try ListenAddress(parsing: listenAddress)
        // A wrong --path.procfs is a configuration error: say so and stop.
        do { _ = try common.sampler.procfs.open() } catch { throw CommandFailure(error) }
        let state = ExporterState()
        let sampler = SamplerService(
            sampler: common.sampler, renderer: MetricsRenderer(maxSeries: maxSeries),
            interval: try DurationParser.parse(sampleInterval), state: state, logger: logger,
            events: openEventSource(logger), recentEvents: recentEvents)
        // The first sample is taken before the port opens: no scrape sees an empty body.
        await sampler.sampleOnce()

        let app = Application(
            router: HTTPRoutes.router(state: state),
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
            logger: logger)
        logger.info("starting namespace_exporter", metadata: [
            "version": "\(BuildInfo.version)", "procfs": "\(common.procfs)", "sample_interval": "\(sampleInterval)",
        ])
        let group = ServiceGroup(configuration: .init(
            services: [app, sampler], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("stopped")
    }

    /// The proc connector if asked for and allowed; otherwise polling, said in a log line.
    private func openEventSource(_ logger: Logger) -> ProcessEventReader? {
        guard procConnector else { return nil }
        // Events name pids of this pid namespace: only useful when procfs shows it.
        guard ProcFS(root: common.procfs).showsCallingProcess() else {
            logger.warning("process events need --path.procfs to show this process's pid namespace; churn is observed by polling only")
            return nil
        }
        do {
            return try ProcessEventReader(procfs: ProcFS(root: common.procfs))
        } catch {
            logger.warning("process events unavailable, churn is observed by polling only", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
