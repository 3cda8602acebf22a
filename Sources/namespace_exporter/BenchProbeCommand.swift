import ArgumentParser
import NamespaceKit
import NamespaceProbe

/// Times repeated probes in-process, one module after another, reported
/// like `clone-limit` (median and p99 µs) so the two compare directly.
struct BenchProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-probe",
        abstract: "Time repeated probes per module (for make bench).",
        shouldDisplay: false
    )

    @Option(name: .shortAndLong, help: "Probes per module.")
    var iterations = 200

    @Argument(help: "Modules to time (default: every create module).")
    var modules: [String] = NamespaceType.allCases.map(\.rawValue) + ["all"]

    func run() throws {
        let capabilities = CapabilitySet.effective()
        let phases = ProbeResult.Phase.allCases
        print("| module | iter | median us | p99 us | " + phases.map { "\($0.rawValue) median us" }.joined(separator: " | ") + " | failures |")
        print("|---|---:|---:|---:|" + String(repeating: "---:|", count: phases.count) + "---:|")
        for name in modules {
            guard let module = ProbeModule.defaults[name] else { throw ValidationError("unknown module \(name)") }
            let probe = Probe(module: module, timeout: .seconds(5), capabilities: capabilities)
            for _ in 0..<5 { _ = probe.run() }  // warm up, as clone-limit does
            var total: [Double] = []
            var phaseMicros: [ProbeResult.Phase: [Double]] = [:]
            var failures = 0
            for _ in 0..<max(1, iterations) {
                let result = probe.run()
                if !result.success { failures += 1 }
                total.append(result.duration.seconds * 1e6)
                for phase in phases { phaseMicros[phase, default: []].append((result.duration(of: phase)?.seconds ?? 0) * 1e6) }
            }
            let summary = Summary(total)
            let phaseColumns = phases.map { Summary(phaseMicros[$0] ?? [0]).median }.joined(separator: " | ")
            print("| \(name) | \(total.count) | \(summary.median) | \(summary.p99) | \(phaseColumns) | \(failures) |")
        }
    }
}
