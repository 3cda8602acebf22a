import FoundationEssentials
import NamespaceProbe

/// A probe result for a person (`probe`) or a script (`probe --json`).
public enum ProbeReport {
    public static func text(_ result: ProbeResult) -> String {
        var lines = ["module \(result.module): \(result.success ? "success" : "FAILURE") in \(milliseconds(result.duration))"]
        if let failure = result.failure {
            lines.append("  failed: \(failure.reason) at \(failure.step): \(failure.message)")
        }
        if !result.phases.isEmpty {
            lines.append("  phases: " + result.phases.map { "\($0.phase.rawValue) \(milliseconds($0.duration))" }.joined(separator: ", "))
        }
        let width = result.checks.map(\.name.count).max() ?? 0
        for check in result.checks {
            let name = check.name + String(repeating: " ", count: width - check.name.count)
            lines.append("  \(check.passed ? "ok  " : "FAIL") \(name)  \(check.detail)")
        }
        for observation in result.observations {
            let labels = observation.labels.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
            lines.append("  seen \(observation.name) \(labels) \(observation.value)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ result: ProbeResult) -> String {
        let document = Document(
            module: result.module, success: result.success, duration_seconds: result.duration.seconds,
            phases: Dictionary(uniqueKeysWithValues: result.phases.map { ($0.phase.rawValue, $0.duration.seconds) }),
            checks: result.checks.map { .init(name: $0.name, passed: $0.passed, detail: $0.detail) },
            observations: result.observations.map {
                .init(name: $0.name, labels: Dictionary($0.labels, uniquingKeysWith: { first, _ in first }), value: $0.value)
            },
            failure: result.failure.map { .init(reason: $0.reason, step: $0.step, message: $0.message) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let ms = duration.seconds * 1000
        return "\((ms * 1000).rounded() / 1000) ms"
    }

    private struct Document: Encodable {
        struct Check: Encodable { var name: String; var passed: Bool; var detail: String }
        struct Seen: Encodable { var name: String; var labels: [String: String]; var value: Double }
        struct Failure: Encodable { var reason, step, message: String }
        var module: String
        var success: Bool
        var duration_seconds: Double
        var phases: [String: Double]
        var checks: [Check]
        var observations: [Seen]
        var failure: Failure?
    }
}
