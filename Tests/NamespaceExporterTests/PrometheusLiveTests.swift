import Foundation
import Glibc
import NamespaceTestSupport
import Testing
import Yams

/// A real Prometheus (Debian's) scraping real exporters: every expression of
/// the dashboard and the rules returns data; then a fleet of three exporters,
/// each in a network namespace of its own on a veth bridge the test makes.
@Suite(.serialized, .disabled(if: Sanitizer.active, "probe children cannot run under a sanitizer runtime"))
struct PrometheusLiveTests {
    /// A Prometheus server on `address`, in network namespace `netns` if given.
    final class Prometheus {
        let process: ChildProcess
        let address: String
        let netns: String?
        let directory: String

        init(scrapeConfigs: String, address: String, netns: String? = nil) throws {
            self.address = address
            self.netns = netns
            directory = "/tmp/namespace-exporter-prometheus-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            mkdir(directory, 0o700)
            let rules = ["recording-rules.yml", "alerts.yml"].map { "  - \(Fixtures.path("deploy/prometheus/\($0)"))" }.joined(separator: "\n")
            let config = "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\nrule_files:\n\(rules)\nscrape_configs:\n\(scrapeConfigs)"
            guard TextFile.write(config, to: "\(directory)/prometheus.yml") else { throw ChildProcess.SpawnError(description: "config") }
            process = try ChildProcess((netns.map { ["ip", "netns", "exec", $0] } ?? []) + [
                "prometheus", "--config.file=\(directory)/prometheus.yml", "--storage.tsdb.path=\(directory)/data",
                "--web.listen-address=\(address)", "--log.level=warn",
            ])
            for _ in 0..<100 where (try? curl(["-sf", "http://\(address)/-/ready"]).status) != 0 { usleep(100_000) }
        }

        func curl(_ arguments: [String]) throws -> CommandResult {
            try Command.run((netns.map { ["ip", "netns", "exec", $0] } ?? []) + ["curl", "-sS", "--max-time", "10"] + arguments)
        }

        /// The result vector of an instant query; nil when the query is rejected.
        func query(_ expression: String) throws -> [[String: Any]]? {
            let run = try curl(["--get", "--data-urlencode", "query=\(expression)", "http://\(address)/api/v1/query"])
            let reply = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
            guard reply?["status"] as? String == "success" else { return nil }
            return (reply?["data"] as? [String: Any])?["result"] as? [[String: Any]]
        }

        /// Each series' values over the last `seconds`, one per second, by `label`.
        func range(_ expression: String, seconds: Int, by label: String) throws -> [String: [String]] {
            let end = Date().timeIntervalSince1970
            let run = try curl([
                "--get", "--data-urlencode", "query=\(expression)", "--data-urlencode", "start=\(end - Double(seconds))",
                "--data-urlencode", "end=\(end)", "--data-urlencode", "step=1", "http://\(address)/api/v1/query_range",
            ])
            let reply = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
            let series = ((reply?["data"] as? [String: Any])?["result"] as? [[String: Any]]) ?? []
            var values: [String: [String]] = [:]
            for item in series {
                guard let name = (item["metric"] as? [String: String])?[label] else { continue }
                values[name] = ((item["values"] as? [[Any]]) ?? []).compactMap { $0.last as? String }
            }
            return values
        }

        func stop() {
            #expect(process.killTree().isEmpty)
            _ = try? Command.run(["rm", "-rf", directory])
        }
    }

    /// Every PromQL expression we ship: the dashboard's (variables filled in
    /// with "all"), the recording rules', and the alerts' without their
    /// threshold (a threshold that is not crossed returns nothing, rightly).
    static func shippedExpressions() throws -> [(source: String, expression: String)] {
        var found: [(String, String)] = []
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("dashboards/namespace-exporter.json")))
        let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for panel in dashboard["panels"] as? [[String: Any]] ?? [] {
            for target in panel["targets"] as? [[String: Any]] ?? [] {
                guard let expression = target["expr"] as? String else { continue }
                let filled = expression.replacing("$instance", with: ".*").replacing("$type", with: ".*").replacing("$__rate_interval", with: "15s")
                found.append(("dashboard: \(panel["title"] as? String ?? "?")", filled))
            }
        }
        for file in ["recording-rules.yml", "alerts.yml"] {
            let yaml = try Yams.load(yaml: String(contentsOfFile: Fixtures.path("deploy/prometheus/\(file)"), encoding: .utf8)) as? [String: Any]
            for rule in ((yaml?["groups"] as? [[String: Any]]) ?? []).flatMap({ ($0["rules"] as? [[String: Any]]) ?? [] }) {
                guard var expression = (rule["expr"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines) else { continue }
                if let alert = rule["alert"] as? String {
                    if let threshold = expression.firstMatch(of: /\s*(==|!=|>=|<=|>|<)\s*-?[0-9.]+$/) {
                        expression = String(expression[..<threshold.range.lowerBound])
                    }
                    found.append(("alert \(alert)", expression))
                } else {
                    found.append(("record \(rule["record"] as? String ?? "?")", expression))
                }
            }
        }
        return found
    }

    @Test func everyDashboardAndRuleExpressionReturnsData() throws {
        let holder = try ChildProcess(["unshare", "--net", "--uts", "--ipc", "sh", "-c", "echo ready && exec sleep 120"])
        defer { #expect(holder.killTree().isEmpty) }
        #expect(holder.readLine() == "ready")
        let pinned = "nsx-pinned-\(getpid())"
        #expect(try Command.run(["ip", "netns", "add", pinned]).status == 0)
        defer { _ = try? Command.run(["ip", "netns", "delete", pinned]) }
        let exporter = try ExporterServer(["--sample.interval=1s"])
        defer { #expect(exporter.process.killTree().isEmpty) }
        let prometheus = try Prometheus(scrapeConfigs: """
              - job_name: namespace_exporter
                static_configs: [{targets: ["127.0.0.1:\(exporter.port)"]}]
              - job_name: namespace_probe
                metrics_path: /probe
                params: {module: [uts]}
                static_configs: [{targets: ["127.0.0.1:\(exporter.port)"]}]
                relabel_configs: [{source_labels: [__param_module], target_label: module}]

            """, address: "127.0.0.1:\(Loopback.freePort())")
        defer { prometheus.stop() }

        // Those about containers need a container engine: Tests/Containers runs them against podman's.
        let expressions = try Self.shippedExpressions().filter { !$0.expression.contains("container") }
        #expect(expressions.count >= 25)
        // Rates and deltas need a few scrapes; give every expression up to 30 s.
        for (source, expression) in expressions {
            let answered = try eventually(30) { try !(prometheus.query(expression) ?? []).isEmpty }
            #expect(answered, "\(source): no data for \(expression)")
        }
        // Our own namespace is among the data, by identity.
        let net = try #require(ProcReader.namespaceInode(pid: holder.pid, "net"))
        #expect(try !(prometheus.query("linux_namespace_processes{type=\"net\",inode=\"\(net)\"}") ?? []).isEmpty)
    }

    /// Three exporters, each a "host" of its own: a network namespace on a
    /// veth bridge (10.213.0.0/24, in a namespace of its own too: no real
    /// network is touched), scraped by one Prometheus on the bridge.
    @Test func fleetOfThreeAggregatesAndADownExporterAlerts() throws {
        let tag = String(getpid() % 100_000)
        let lan = "nsx-lan-\(tag)"
        let hosts = (1...3).map { "nsx-h\($0)-\(tag)" }
        defer {
            for name in [lan] + hosts { _ = try? Command.run(["ip", "netns", "delete", name]) }
            let left = (try? Command.run(["ip", "netns", "list"]).output) ?? ""
            #expect(!left.contains("-\(tag)"), "netns left: \(left)")
        }
        var setup = [["ip", "netns", "add", lan], ["ip", "-n", lan, "link", "set", "lo", "up"],
                     ["ip", "-n", lan, "link", "add", "br0", "type", "bridge"],
                     ["ip", "-n", lan, "addr", "add", "10.213.0.254/24", "dev", "br0"], ["ip", "-n", lan, "link", "set", "br0", "up"]]
        for (index, host) in hosts.enumerated() {
            setup += [["ip", "netns", "add", host], ["ip", "-n", host, "link", "set", "lo", "up"],
                      ["ip", "-n", lan, "link", "add", "vb\(index + 1)", "type", "veth", "peer", "name", "eth0", "netns", host],
                      ["ip", "-n", lan, "link", "set", "vb\(index + 1)", "master", "br0", "up"],
                      ["ip", "-n", host, "addr", "add", "10.213.0.\(index + 1)/24", "dev", "eth0"], ["ip", "-n", host, "link", "set", "eth0", "up"]]
        }
        for command in setup {
            let run = try Command.run(command)
            try #require(run.status == 0, "\(command.joined(separator: " ")): \(run.output)")
        }
        let exporters = try hosts.enumerated().map { index, host in
            try ChildProcess(["ip", "netns", "exec", host, Binaries.namespaceExporter,
                              "--web.listen-address=10.213.0.\(index + 1):9819", "--sample.interval=1s", "--no-probes"])
        }
        defer { for exporter in exporters { #expect(exporter.killTree().isEmpty) } }
        let prometheus = try Prometheus(scrapeConfigs: """
              - job_name: namespace_exporter
                static_configs: [{targets: ["10.213.0.1:9819", "10.213.0.2:9819", "10.213.0.3:9819"]}]

            """, address: "127.0.0.1:9090", netns: lan)
        defer { prometheus.stop() }

        let allUp = try eventually(30) { try (prometheus.query("count(up{job=\"namespace_exporter\"} == 1)")?.first?["value"] as? [Any])?.last as? String == "3" }
        #expect(allUp)
        let perNode = try prometheus.query("sum by (instance) (linux_namespaces{type=\"net\"})") ?? []
        #expect(Set(perNode.compactMap { ($0["metric"] as? [String: String])?["instance"] }) == ["10.213.0.1:9819", "10.213.0.2:9819", "10.213.0.3:9819"])

        // One node's exporter dies: up goes to 0 for it alone.
        #expect(exporters[1].killTree().isEmpty)
        let down = try eventually(20) {
            (try prometheus.query("up{job=\"namespace_exporter\"} == 0") ?? []).compactMap { ($0["metric"] as? [String: String])?["instance"] } == ["10.213.0.2:9819"]
        }
        #expect(down)
        usleep(5_000_000)
        // The up series Prometheus recorded, one value a second, replayed as one a
        // minute through promtool: NamespaceExporterDown fires for that node only.
        let observed = try prometheus.range("up{job=\"namespace_exporter\"}", seconds: 15, by: "instance")
        #expect(observed.count == 3)
        let series = observed.sorted { $0.key < $1.key }.map { instance, values in
            "      - series: 'up{instance=\"\(instance)\",job=\"namespace_exporter\"}'\n        values: '\(values.joined(separator: " "))'"
        }.joined(separator: "\n")
        let steps = observed.values.map(\.count).min() ?? 0
        let test = """
            rule_files:
              - \(Fixtures.path("deploy/prometheus/recording-rules.yml"))
              - \(Fixtures.path("deploy/prometheus/alerts.yml"))
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
            \(series)
                alert_rule_test:
                  - eval_time: \(steps - 1)m
                    alertname: NamespaceExporterDown
                    exp_alerts:
                      - exp_labels: {severity: critical, instance: "10.213.0.2:9819", job: namespace_exporter}
                        exp_annotations:
                          summary: "namespace_exporter on 10.213.0.2:9819 is down"
                          description: "Prometheus cannot scrape it; namespaces on that node are not watched."

            """
        let file = "/tmp/namespace-exporter-fleet-\(getpid()).yml"
        defer { unlink(file) }
        #expect(TextFile.write(test, to: file))
        let promtool = try Command.run(["promtool", "test", "rules", file])
        #expect(promtool.status == 0, "\(promtool.output)\n\(test)")
    }
}
