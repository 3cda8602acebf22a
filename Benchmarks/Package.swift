// swift-tools-version:6.2
// In-process micro-benchmarks of the /proc parsers and the /metrics renderer,
// with ordo-one's package-benchmark. Run with `make bench-micro` (see the Makefile).
// A package of its own so the harness and its plugins stay out of the main build.
import PackageDescription

let harness: Target.Dependency = .product(name: "Benchmark", package: "benchmark")
let plugins: [Target.PluginUsage] = [.plugin(name: "BenchmarkPlugin", package: "benchmark")]

let package = Package(
    name: "namespace_exporter_benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "namespace_exporter", path: ".."),
        // Formerly package-benchmark: under that name the harness warns on every run.
        // Only the malloc counters: the ARC runtime interposer is left off.
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The harness finds benchmark targets by their folder: Benchmarks/<Name>.
        .executableTarget(
            name: "ProcParsers",
            dependencies: [harness, .product(name: "NamespaceKit", package: "namespace_exporter")],
            path: "Benchmarks/ProcParsers",
            plugins: plugins
        ),
        .executableTarget(
            name: "MetricsRendering",
            dependencies: [
                harness,
                .product(name: "NamespaceKit", package: "namespace_exporter"),
                .product(name: "NamespaceExporter", package: "namespace_exporter"),
            ],
            path: "Benchmarks/MetricsRendering",
            plugins: plugins
        ),
    ],
    swiftLanguageModes: [.v6]
)
