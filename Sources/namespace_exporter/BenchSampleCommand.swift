import ArgumentParser
import NamespaceExporter
import NamespaceKit

/// Times full samples in-process, reported like `ns-scan-limit -r` so the two
/// compare directly (see bench/).
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
        var millis: [Double] = []
        // The first sample has nothing to reuse: report it on its own.
        var last: Snapshot? = try common.sampler.sample()
        let cold = last!.duration * 1000
        for _ in 0..<max(1, repeats) {
            // As the server does: each sample reuses what the last one learned.
            let snapshot = try common.sampler.sample(previous: last)
            millis.append(snapshot.duration * 1000)
            last = snapshot
        }
        millis.sort()
        let pick = { (q: Double) in millis[min(millis.count - 1, Int(Double(millis.count) * q))] }
        print("samples=\(millis.count) processes=\(last?.processes.scanned ?? 0) namespaces=\(last?.namespaces.count ?? 0) min=\(fmt(millis[0]))ms median=\(fmt(pick(0.5)))ms p90=\(fmt(pick(0.9)))ms max=\(fmt(millis.last!))ms cold=\(fmt(cold))ms")
    }

    private func fmt(_ value: Double) -> String {
        String(Double(Int(value * 100)) / 100)
    }
}
