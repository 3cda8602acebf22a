import NamespaceExporter
import NamespaceKit

/// What the server hands the renderer after a sample: the snapshot, the
/// exporter's counters and the churn view, built the way the server builds them.
struct RenderInput: Sendable {
    var snapshot: Snapshot
    var counters = ExporterCounters()
    var churn: ChurnView

    init(_ snapshot: Snapshot) {
        self.snapshot = snapshot
        counters.record(snapshot)
        var tracker = ChurnTracker()
        tracker.apply(snapshot)
        churn = ChurnView(tracker: tracker, snapshot: snapshot, source: .poll, stats: nil)
    }

    /// The committed fixture tree, as the golden test samples it (a dozen namespaces).
    static func fixture() throws -> RenderInput {
        let options = Sampler.DiscoveryOptions(netnsDirectory: "\(repositoryRoot)/Tests/Fixtures/netns-basic")
        let sampler = Sampler(procfs: ProcFS(root: "\(repositoryRoot)/Tests/Fixtures/proc-basic"), options: options)
        return RenderInput(try sampler.sample())
    }

    /// This host's /proc, sampled once: its size depends on the machine, so
    /// compare these numbers only between runs on the same one.
    static func liveHost() throws -> RenderInput {
        RenderInput(try Sampler(procfs: ProcFS(root: "/proc")).sample())
    }

    /// The main package, found from this file (Benchmarks/Benchmarks/<target>/<file>
    /// under it), so the benchmark runs from any working directory.
    static let repositoryRoot: String = {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)
        return parts.joined(separator: "/")
    }()
}
