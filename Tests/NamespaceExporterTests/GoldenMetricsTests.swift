import Glibc
import NamespaceKit
import NamespaceTestSupport
import Testing
@testable import NamespaceExporter

/// The full `/metrics` body for the committed fixture tree, byte for byte.
/// Refresh after an intended change with `make golden`
/// (`UPDATE_GOLDEN=1 swift test --filter GoldenMetricsTests`) and review the diff.
struct GoldenMetricsTests {
    static let goldenPath = Fixtures.path("Tests/Fixtures/proc-basic.metrics")

    /// The fixture's body with the clock fixed, so it is the same every run;
    /// `reusingSampleFamilies`: made the way churn between samples is published.
    static func fixtureBody(openMetrics: Bool = false, reusingSampleFamilies: Bool = false) throws -> String {
        var snapshot = try Sampler(procfs: ProcFS(root: Fixtures.procBasic), options: .init(netnsDirectory: Fixtures.netnsBasic)).sample()
        snapshot.timestamp = 1_700_000_000.5
        snapshot.duration = 0.0125
        snapshot.stageDurations = snapshot.stageDurations.mapValues { _ in 0.001 }
        for collector in snapshot.collectors.keys { snapshot.collectors[collector]!.seconds = 0.001 }
        var counters = ExporterCounters()
        counters.record(snapshot)
        var tracker = ChurnTracker()
        tracker.apply(snapshot)
        let churn = ChurnView(tracker: tracker, snapshot: snapshot, source: .poll, stats: nil)
        let renderer = MetricsRenderer(maxSeries: 10_000)
        if reusingSampleFamilies {
            let families = renderer.sampleFamilies(snapshot, churn: churn)
            return renderer.render(families, snapshot: snapshot, counters: counters, churn: churn)
        }
        return renderer.render(snapshot, counters: counters, churn: churn, openMetricsCreated: openMetrics ? 1_699_999_990 : nil)
    }

    @Test func reusedSampleFamiliesGiveTheSameBody() throws {
        #expect(try Self.fixtureBody(reusingSampleFamilies: true) == Self.fixtureBody())
    }

    /// build_info's labels from the build stamp, which changes with every commit.
    static func withoutBuildStamp(_ body: String) -> String {
        body.replacing(
            "revision=\"\(BuildInfo.revision)\",branch=\"\(BuildInfo.branch)\",swift_version=\"\(BuildInfo.swiftVersion)\"",
            with: "revision=\"REVISION\",branch=\"BRANCH\",swift_version=\"SWIFT\"")
    }

    @Test func bodyMatchesGoldenFile() throws {
        let body = Self.withoutBuildStamp(try Self.fixtureBody())
        if getenv("UPDATE_GOLDEN") != nil {
            #expect(TextFile.write(body, to: Self.goldenPath))
        }
        let golden = try #require(ProcReader.readText(Self.goldenPath), "missing \(Self.goldenPath): run make golden")
        #expect(body == golden)
    }

    @Test func promtoolAcceptsIt() throws {
        let result = try Command.run(["promtool", "check", "metrics"], input: try Self.fixtureBody())
        #expect(result.status == 0, "promtool: \(result.output)")
    }

    @Test func prometheusClientParsesEverySample() throws {
        let body = try Self.fixtureBody()
        let result = try Command.run(["python3", Fixtures.path("Tests/Tools/check_exposition.py")], input: body)
        #expect(result.status == 0, "\(result.output)")
        let samples = body.split(separator: "\n").filter { !$0.hasPrefix("#") }.count
        #expect(result.output.contains("samples=\(samples)"), "\(result.output)")
    }

    /// The same sample as OpenMetrics: every sample of the text body, each
    /// counter with its `_created` twin, through the OpenMetrics parser.
    @Test func openMetricsParserReadsTheSameSamples() throws {
        let body = try Self.fixtureBody(openMetrics: true)
        let result = try Command.run(["python3", Fixtures.path("Tests/Tools/check_exposition.py"), "--openmetrics"], input: body)
        #expect(result.status == 0, "\(result.output)")
        let text = try Self.fixtureBody()
        let textSamples = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        let counters = textSamples.filter { $0.split(separator: "{")[0].split(separator: " ")[0].hasSuffix("_total") }.count
        #expect(result.output.contains("samples=\(textSamples.count + counters)"), "\(result.output)")
        #expect(body.hasSuffix("# EOF\n"))
    }
}
