import ArgumentParser
import NamespaceExporter
import NamespaceKit

/// Times full samples in-process, reported like `ns-scan-limit -r` so the two
/// compare directly (see bench/), and the rendering of each sample's body.
struct BenchSampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-sample",
        abstract: "Time repeated full samples (for make bench).",
        shouldDisplay: false
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .shortAndLong, help: "Samples to take.")
    var repeats = 20

    func run() throws {
        let renderer = MetricsRenderer(maxSeries: 10_000)
        var sampleMillis: [Double] = []
        var renderMillis: [Double] = []
        var bodyBytes = 0
        var stageMillis: [String: [Double]] = [:]
        var collectorMillis: [StatsCollector: [Double]] = [:]
        // The first sample has nothing to reuse: report it on its own.
        var last = try common.sampler.sample()
        let cold = last.duration * 1000
        for _ in 0..<max(1, repeats) {
            // As the server does: each sample reuses what the last one learned.
            last = try common.sampler.sample(previous: last)
            sampleMillis.append(last.duration * 1000)
            for (stage, seconds) in last.stageDurations { stageMillis[stage, default: []].append(seconds * 1000) }
            for (collector, outcome) in last.collectors { collectorMillis[collector, default: []].append(outcome.seconds * 1000) }
            let started = ContinuousClock.now
            bodyBytes = renderer.render(last, counters: ExporterCounters()).utf8.count
            renderMillis.append(Self.milliseconds(ContinuousClock.now - started))
        }
        let formats = formatCosts(last, renderer: renderer)
        let (eventMicros, resyncMillis) = try churnCosts(last)
        let samples = Summary(sampleMillis)
        let stages = stageMillis.sorted { $0.key < $1.key }.map { "stage_\($0.key)=\(Summary($0.value).median)ms" }.joined(separator: " ")
        // Each collector's cost per sample and per namespace of its type.
        let counts = last.countsByType
        let collectors = collectorMillis.sorted { $0.key < $1.key }.map { collector, millis in
            let median = Summary(millis).median
            let perNamespace = (Double(median) ?? 0) * 1000 / Double(max(1, counts[collector.type] ?? 1))
            return "collector_\(collector.rawValue)=\(median)ms collector_\(collector.rawValue)_per_ns=\(Summary.format(perNamespace))us"
        }.joined(separator: " ")
        print("samples=\(sampleMillis.count) processes=\(last.processCounts.scanned) namespaces=\(last.namespaces.count) min=\(samples.min)ms median=\(samples.median)ms p90=\(samples.p90)ms max=\(samples.max)ms cold=\(Summary.format(cold))ms render_median=\(Summary(renderMillis).median)ms body_bytes=\(bodyBytes) event_median=\(Summary(eventMicros).median)us resync_diff=\(Summary.format(resyncMillis))ms \(formats) \(stages) \(collectors)")
    }

    /// What each sample's other bodies cost: the JSON snapshot (built and
    /// encoded), OpenMetrics, and gzip of the snapshot and of /metrics.
    private func formatCosts(_ snapshot: Snapshot, renderer: MetricsRenderer) -> String {
        func timed<T>(_ body: () -> T) -> (T, Double) {
            let started = ContinuousClock.now
            let value = body()
            return (value, (ContinuousClock.now - started).seconds * 1000)
        }
        var counters = ExporterCounters()
        counters.record(snapshot)
        let (json, jsonMillis) = timed { SnapshotDocument(snapshot: snapshot, counters: counters, churn: ChurnView()).json() }
        let (jsonGzip, jsonGzipMillis) = timed { Gzip.compress(Array(json.utf8)) }
        let metrics = renderer.render(snapshot, counters: counters)
        let (metricsGzip, metricsGzipMillis) = timed { Gzip.compress(Array(metrics.utf8)) }
        let (_, openMetricsMillis) = timed { renderer.render(snapshot, counters: counters, openMetricsCreated: 0) }
        return "snapshot_ms=\(Summary.format(jsonMillis)) snapshot_bytes=\(json.utf8.count) snapshot_gzip_ms=\(Summary.format(jsonGzipMillis)) snapshot_gzip_bytes=\(jsonGzip.count) metrics_gzip_ms=\(Summary.format(metricsGzipMillis)) metrics_gzip_bytes=\(metricsGzip.count) openmetrics_ms=\(Summary.format(openMetricsMillis))"
    }

    /// The host model's costs on this host: one process event as the
    /// exporter applies it (re-read the process, apply it to the model) for
    /// every process, and a resync's comparison with the model.
    private func churnCosts(_ snapshot: Snapshot) throws -> (eventMicros: [Double], resyncMillis: Double) {
        var model = HostModel()
        model.resync(snapshot, scanStartedAt: 0, endedAt: snapshot.timestamp)
        let root = try common.sampler.procfs.open()
        var micros: [Double] = []
        for process in snapshot.processes {
            let started = ContinuousClock.now
            if let update = root.update(pid: process.pid) {
                model.apply(update, asking: root) { pid, type in root.namespaceID(pid: pid, type) }
            }
            micros.append(Self.milliseconds(ContinuousClock.now - started) * 1000)
        }
        let next = try common.sampler.sample(previous: snapshot)
        let started = ContinuousClock.now
        model.resync(next, scanStartedAt: model.tracker.eventSequence, endedAt: wallClockSeconds())
        return (micros, Self.milliseconds(ContinuousClock.now - started))
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        duration.seconds * 1000
    }
}
