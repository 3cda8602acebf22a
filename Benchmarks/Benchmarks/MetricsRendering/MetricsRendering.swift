import Benchmark
import NamespaceExporter
import NamespaceKit

/// The work of one scrape after the sample: the /metrics body (Prometheus
/// text 0.0.4 and OpenMetrics), its gzip, and the /snapshot.json document.
/// Snapshots: the fixture tree (small, fixed), 200 made-up containers (large,
/// fixed) and, for the text body only, this host's /proc (real, but it differs
/// from machine to machine).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 10,
        maxDuration: .seconds(1),
        maxIterations: 10_000
    )
    // The server's default --collector.namespaces.max-series.
    let renderer = MetricsRenderer(maxSeries: 10_000)
    let startedAt = 1_699_999_990.0
    let snapshots: [(label: String, make: @Sendable () throws -> RenderInput)] = [
        ("fixture", { try RenderInput.fixture() }),
        ("host /proc", { try RenderInput.liveHost() }),
        ("200 containers", { RenderInput(SyntheticHost.snapshot(containers: 200)) }),
    ]

    for (label, make) in snapshots {
        measured("render text \(label)", input: make) {
            renderer.render($0.snapshot, counters: $0.counters, churn: $0.churn)
        }
    }
    for (label, make) in snapshots where label != "host /proc" {
        measured("render OpenMetrics \(label)", input: make) {
            renderer.render($0.snapshot, counters: $0.counters, churn: $0.churn, openMetricsCreated: startedAt)
        }
        // What a client asking for gzip costs on top: the body is rendered in setup.
        measured("gzip text body \(label)", input: { () throws -> [UInt8] in
            let input = try make()
            return Array(renderer.render(input.snapshot, counters: input.counters, churn: input.churn).utf8)
        }) {
            Gzip.compress($0)
        }
        measured("snapshot JSON \(label)", input: make) {
            SnapshotDocument(snapshot: $0.snapshot, counters: $0.counters, churn: $0.churn).json()
        }
    }
}

/// Registers a benchmark of `work` over an input made once, in setup.
func measured<Input, Output>(_ name: String, input: @escaping () throws -> Input, _ work: @escaping (Input) -> Output) {
    Benchmark(name) { benchmark, input in
        for _ in benchmark.scaledIterations {
            blackHole(work(input))
        }
    } setup: {
        try input()
    }
}
