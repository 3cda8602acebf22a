import Dispatch
import NamespaceKit
import NamespaceProbe

/// Turns the model as it is now into the bodies the HTTP side hands out,
/// and knows when the next may be made. Owned by the sampler service; the
/// HTTP handlers only read what it hands to `ExporterState`.
struct Publisher {
    let renderer: MetricsRenderer
    let state: ExporterState
    let probes: ProbeRunner?
    /// The modules `/probe` runs, for the snapshot (the page's probe buttons); fixed at start.
    let probeModules: [String]
    /// The exporter's effective capabilities after the start dropped the rest.
    let capabilities: CapabilitySet?
    /// When the exporter's counters started (OpenMetrics `_created`).
    let startedAt = wallClockSeconds()
    /// Bodies published so far (ETags name them).
    private(set) var publications = 0
    /// The per-namespace families last rendered, and the namespaces they show.
    private var families: (namespaces: [Namespace], families: SampleFamilies)?
    /// What the last publication cost, and when it was made: the next comes
    /// at most every ten times that, so a busy host cannot take more than a
    /// tenth of a core for publishing.
    private var cost = 0.0
    private var finishedAt = 0.0
    /// Compressing and writing the forms asked for last time, off the actor.
    private let queue = DispatchQueue(label: "namespace_exporter.publish")

    init(renderer: MetricsRenderer, state: ExporterState, probes: ProbeRunner?, capabilities: CapabilitySet?) {
        self.renderer = renderer
        self.state = state
        self.probes = probes
        probeModules = probes.map { $0.modules.keys.sorted() } ?? []
        self.capabilities = capabilities
    }

    /// Whether the rate bound allows a publication now.
    var due: Bool { monotonicSeconds() - finishedAt >= 10 * cost }

    /// The next publication of `snapshot`, whose bodies are made when warmed
    /// or asked for; its per-namespace families are rendered again only when
    /// some namespace changed.
    mutating func prepare(_ snapshot: Snapshot, churn: ChurnView, counters: ExporterCounters) -> ExporterState.Published {
        publications += 1
        let (statistics, capabilities, renderer, startedAt) = (probes?.statistics, capabilities, renderer, startedAt)
        let families: SampleFamilies
        if let last = self.families, last.namespaces == snapshot.namespaces {
            families = last.families
        } else {
            families = renderer.sampleFamilies(snapshot, churn: churn)
            self.families = (snapshot.namespaces, families)
        }
        return ExporterState.Published(
            metrics: {
                renderer.renderChunks(
                    families, snapshot: snapshot, counters: counters, churn: churn, probes: statistics, capabilities: capabilities)
            },
            openMetrics: {
                renderer.renderChunks(
                    families, snapshot: snapshot, counters: counters, churn: churn, probes: statistics,
                    capabilities: capabilities, openMetricsCreated: startedAt)
            },
            document: SnapshotDocument(
                snapshot: snapshot, counters: counters, churn: churn, probeModules: probeModules),
            events: EventsDocument.json(churn.recent, counters: churn.counters), snapshot: snapshot, sample: publications)
    }

    /// Prepares the forms clients fetched last time, on the publish queue,
    /// so that no request waits for them.
    func warm(_ next: ExporterState.Published) async {
        let previous = state.published
        await withCheckedContinuation { [queue] continuation in
            queue.async {
                next.metrics.warm(like: previous.metrics, plainUnasked: true)
                next.openMetrics.warm(like: previous.openMetrics)
                next.snapshotJSON.warm(like: previous.snapshotJSON)
                continuation.resume()
            }
        }
    }

    /// Hands `next` to the HTTP side unless a newer one was prepared
    /// meanwhile; `started`: when its preparation began.
    mutating func hand(_ next: ExporterState.Published, startedAt started: Double) {
        if next.sample == publications { state.publish(next) }
        finishedAt = monotonicSeconds()
        cost = finishedAt - started
    }
}
