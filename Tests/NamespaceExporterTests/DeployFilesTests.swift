import Foundation
import Glibc
import NamespaceTestSupport
import Testing
import Yams

/// What we ship for Prometheus, Kubernetes, systemd and Grafana, checked by
/// their own tools (promtool, kubernetes-validate, systemd-analyze) — and
/// each check shown failing on a broken copy.
struct DeployFilesTests {
    static func path(_ relative: String) -> String { Fixtures.path(relative) }

    static func withTemporaryFile<T>(_ name: String, _ text: String, _ body: (String) throws -> T) throws -> T {
        let directory = "/tmp/namespace-exporter-deploy-\(getpid())"
        mkdir(directory, 0o700)
        let file = "\(directory)/\(name)"
        defer { unlink(file); rmdir(directory) }
        guard TextFile.write(text, to: file) else { throw ChildProcess.SpawnError(description: "cannot write \(file)") }
        return try body(file)
    }

    @Test func prometheusConfigAndRulesAreValidAndEveryAlertIsTested() throws {
        let config = try Command.run(["promtool", "check", "config", Self.path("deploy/prometheus/scrape-config.yml")])
        #expect(config.status == 0, "\(config.output)")
        let rules = try Command.run(["promtool", "check", "rules", Self.path("deploy/prometheus/recording-rules.yml"), Self.path("deploy/prometheus/alerts.yml")])
        #expect(rules.status == 0, "\(rules.output)")
        let tests = try Command.run(["promtool", "test", "rules", Self.path("deploy/prometheus/tests/alerts-test.yml")])
        #expect(tests.status == 0, "\(tests.output)")

        // Every alert has a test case in which it fires.
        let alerts = try Yams.load(yaml: String(contentsOfFile: Self.path("deploy/prometheus/alerts.yml"), encoding: .utf8)) as? [String: Any]
        let names = ((alerts?["groups"] as? [[String: Any]]) ?? []).flatMap { ($0["rules"] as? [[String: Any]]) ?? [] }.compactMap { $0["alert"] as? String }
        let testText = try String(contentsOfFile: Self.path("deploy/prometheus/tests/alerts-test.yml"), encoding: .utf8)
        #expect(names.count == 6)
        for name in names { #expect(testText.contains("alertname: \(name)"), "no test for \(name)") }

        // promtool test rules is no rubber stamp: a wrong expectation fails.
        let wrong = testText.replacing("exp_labels: {severity: critical, instance: \"a:9819\", job: namespace_exporter}", with: "exp_labels: {severity: critical, instance: \"b:9819\", job: namespace_exporter}")
        let directory = Self.path("deploy/prometheus/tests")
        let broken = "\(directory)/broken-\(getpid()).yml"
        defer { unlink(broken) }
        #expect(TextFile.write(wrong, to: broken))
        #expect(try Command.run(["promtool", "test", "rules", broken]).status != 0)
    }

    @Test func kubernetesManifestsValidateAndAgree() throws {
        let manifests = ["namespace", "serviceaccount", "daemonset", "service"].map { Self.path("deploy/kubernetes/\($0).yaml") }
        let valid = try Command.run(["kubernetes-validate", "--strict", "--quiet"] + manifests)
        #expect(valid.status == 0, "\(valid.output)")
        // A misspelled field in the DaemonSet is caught.
        let daemonset = try String(contentsOfFile: manifests[2], encoding: .utf8)
        try Self.withTemporaryFile("daemonset.yaml", daemonset.replacing("hostPID: true", with: "hostPid: true")) { file throws in
            #expect(try Command.run(["kubernetes-validate", "--strict", "--quiet", file]).status != 0)
        }

        let load = { (name: String) throws -> [String: Any] in
            try #require(try Yams.load(yaml: String(contentsOfFile: Self.path("deploy/kubernetes/\(name)"), encoding: .utf8)) as? [String: Any])
        }
        let ds = try load("daemonset.yaml")
        let spec = try #require(ds["spec"] as? [String: Any])
        let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        let podLabels = try #require(((spec["template"] as? [String: Any])?["metadata"] as? [String: Any])?["labels"] as? [String: String])
        #expect(pod["hostPID"] as? Bool == true)
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        let security = try #require(container["securityContext"] as? [String: Any])
        #expect(security["readOnlyRootFilesystem"] as? Bool == true)
        let capabilities = try #require(security["capabilities"] as? [String: [String]])
        #expect(capabilities["drop"] == ["ALL"])
        #expect(Set(capabilities["add"] ?? []).isSuperset(of: ["SYS_PTRACE", "SYS_ADMIN", "NET_ADMIN", "PERFMON"]))
        let mounts = (container["volumeMounts"] as? [[String: Any]]) ?? []
        for path in ["/host/proc", "/host/run/netns"] {
            #expect(mounts.contains { $0["mountPath"] as? String == path && $0["readOnly"] as? Bool == true }, "\(path) read-only")
        }
        let ports = Set(((container["ports"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String })
        for probe in ["livenessProbe", "readinessProbe"] {
            let get = (container[probe] as? [String: Any])?["httpGet"] as? [String: Any]
            #expect(get?["path"] as? String == "/healthz", "\(probe) path")
            #expect((get?["port"] as? String).map(ports.contains) == true, "\(probe) names a port the container declares: \(ports)")
        }

        let service = try load("service.yaml")
        let selector = try #require((service["spec"] as? [String: Any])?["selector"] as? [String: String])
        #expect(selector.allSatisfy { podLabels[$0.key] == $0.value }, "the Service selects the DaemonSet's pods")
        let monitor = try load("servicemonitor.yaml")
        let monitorSelector = ((monitor["spec"] as? [String: Any])?["selector"] as? [String: Any])?["matchLabels"] as? [String: String]
        let serviceLabels = (service["metadata"] as? [String: Any])?["labels"] as? [String: String]
        #expect(monitorSelector != nil && monitorSelector!.allSatisfy { serviceLabels?[$0.key] == $0.value }, "the ServiceMonitor selects the Service")
        let kustomization = try load("kustomization.yaml")
        #expect(Set(kustomization["resources"] as? [String] ?? []) == ["namespace.yaml", "serviceaccount.yaml", "daemonset.yaml", "service.yaml", "servicemonitor.yaml"])
    }

    /// systemd-analyze verify warns (exit 0) on unknown keys: no output is the pass.
    @Test func systemdAcceptsTheUnit() throws {
        let unit = try String(contentsOfFile: Self.path("deploy/systemd/namespace_exporter.service"), encoding: .utf8)
        // verify insists that ExecStart exists: point it at the binary we built.
        let local = unit.replacing("/usr/local/bin/namespace_exporter", with: Binaries.namespaceExporter)
        try Self.withTemporaryFile("namespace_exporter.service", local) { file throws in
            let verify = try Command.run(["systemd-analyze", "verify", file])
            #expect(verify.status == 0 && verify.output.isEmpty, "\(verify.output)")
        }
        try Self.withTemporaryFile("namespace_exporter.service", local.replacing("ProtectSystem=strict", with: "ProtectSystm=strict")) { file throws in
            #expect(try Command.run(["systemd-analyze", "verify", file]).output.contains("Unknown key"))
        }
        for directive in ["ProtectSystem=strict", "NoNewPrivileges=yes", "DynamicUser=yes", "User=namespace_exporter", "CapabilityBoundingSet=", "AmbientCapabilities=", "EnvironmentFile="] {
            #expect(unit.contains(directive), "\(directive)")
        }
    }

    @Test func dashboardIsGrafanaJSONWithADescriptionOnEveryPanel() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.path("dashboards/namespace-exporter.json")))
        let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((dashboard["__inputs"] as? [[String: Any]])?.first?["name"] as? String == "DS_PROMETHEUS")
        let variables = ((dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(Set(variables).isSuperset(of: ["instance", "type"]))
        let panels = (dashboard["panels"] as? [[String: Any]] ?? []).filter { $0["type"] as? String != "row" }
        #expect(panels.count >= 12)
        for panel in panels {
            let title = panel["title"] as? String ?? "?"
            #expect(!(panel["description"] as? String ?? "").isEmpty, "\(title) has no description")
            #expect(!((panel["targets"] as? [[String: Any]]) ?? []).isEmpty, "\(title) has no query")
        }
    }
}
