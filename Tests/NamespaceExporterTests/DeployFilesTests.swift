import NamespaceTestSupport
import Testing

/// What we ship for Prometheus is checked by Prometheus' own tool.
struct DeployFilesTests {
    @Test func scrapeConfigIsValid() throws {
        let result = try Command.run(["promtool", "check", "config", Fixtures.path("deploy/prometheus/scrape-config.yml")])
        #expect(result.status == 0, "\(result.output)")
    }
}
