import NamespaceExporter
import NamespaceProbe
import NamespaceTestSupport
import Testing

/// The `/probe` body, checked by promtool and prometheus_client.
struct ProbeExpositionTests {
    static func sample() -> ProbeResult {
        var result = ProbeResult(module: "join_net")
        result.duration = .microseconds(2500)
        result.phases = [(.enter, .microseconds(700)), (.setup, .microseconds(500)), (.check, .microseconds(300)), (.teardown, .microseconds(1000))]
        result.checks = [CheckResult("join_entered", true, ""), CheckResult("net_connect", false, "ECONNREFUSED")]
        result.observations = [
            Observation("interface_up", [("interface", "lo")], 1), Observation("interface_up", [("interface", "eth\"0")], 0),
        ]
        return result
    }

    @Test func failedProbeBodyIsValidAndSaysWhy() throws {
        let body = ProbeExposition.render(Self.sample())
        #expect(body.contains("probe_success 0\n"))
        #expect(body.contains("probe_duration_seconds 0.0025\n"))
        #expect(body.contains("probe_namespace_phase_seconds{phase=\"teardown\"} 0.001\n"))
        #expect(body.contains("probe_namespace_check_success{check=\"net_connect\"} 0\n"))
        #expect(body.contains("probe_failure_info{reason=\"check_failed\",step=\"check\"} 1\n"))
        #expect(body.contains("probe_namespace_interface_up{interface=\"eth\\\"0\"} 0\n"))
        let promtool = try Command.run(["promtool", "check", "metrics"], input: body)
        #expect(promtool.status == 0, "\(promtool.output)")
        let parsed = try Command.run(["python3", Fixtures.path("Tests/Tools/check_exposition.py")], input: body)
        #expect(parsed.status == 0, "\(parsed.output)")
        #expect(parsed.output.contains("families=6 samples=11"), "\(parsed.output)")
    }

    @Test func aFailureBeforeAnyPhaseNamesItsReason() {
        var result = ProbeResult(module: "uts")
        result.failure = ProbeFailure(reason: "ENOSPC", step: "clone", message: "clone() failed: ENOSPC")
        let body = ProbeExposition.render(result)
        #expect(body.contains("probe_success 0\n"))
        #expect(body.contains("probe_failure_info{reason=\"ENOSPC\",step=\"clone\"} 1\n"))
    }
}
