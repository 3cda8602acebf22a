import Dispatch
import Logging
import NIOCore
import NamespaceKit
import ServiceLifecycle

/// Samples /proc on an interval, off the event loops, and publishes the
/// rendered bodies to `ExporterState`. Owns the exporter's counters.
public actor SamplerService: Service {
    private let sampler: Sampler
    private let renderer: MetricsRenderer
    private let interval: Duration
    private let state: ExporterState
    private let logger: Logger
    private var counters = ExporterCounters()
    private var lastSnapshot: Snapshot?
    /// The scan is blocking syscalls: it gets a thread of its own, never a NIO event loop.
    private let queue = DispatchQueue(label: "namespace_exporter.sampler")

    public init(sampler: Sampler, renderer: MetricsRenderer, interval: Duration, state: ExporterState, logger: Logger) {
        self.sampler = sampler
        self.renderer = renderer
        self.interval = interval
        self.state = state
        self.logger = logger
    }

    public func run() async throws {
        while true {
            do {
                try await cancelWhenGracefulShutdown { [interval] in try await Task.sleep(for: interval) }
            } catch {
                return  // graceful shutdown (or cancellation) ends the loop
            }
            await sampleOnce()
        }
    }

    /// Takes one sample and publishes it; a failed sample keeps the previous
    /// body and counts the error.
    public func sampleOnce() async {
        let result = await withCheckedContinuation { [sampler, queue, lastSnapshot] continuation in
            queue.async { continuation.resume(returning: Result { try sampler.sample(previous: lastSnapshot) }) }
        }
        switch result {
        case .success(let snapshot):
            counters.record(snapshot)
            lastSnapshot = snapshot
            logger.debug("sample done", metadata: [
                "namespaces": "\(snapshot.namespaces.count)",
                "processes": "\(snapshot.processCounts.scanned)",
                "duration_seconds": "\(snapshot.duration)",
            ])
        case .failure(let error):
            counters.sampleErrors += 1
            logger.error("sample failed", metadata: ["error": "\(error)"])
        }
        guard let snapshot = lastSnapshot else { return }
        let body = renderer.render(snapshot, counters: counters)
        state.publish(.init(metrics: ByteBuffer(string: body)))
    }
}
