/// What one probe found: blackbox-style success and duration, the time each
/// phase took, each isolation check, and why it failed if it did.
public struct ProbeResult: Sendable {
    public var module: String
    public var success: Bool { failure == nil && checks.allSatisfy(\.passed) }
    public var duration: Duration = .zero
    public var phases: [(phase: Phase, duration: Duration)] = []
    public var checks: [CheckResult] = []
    /// Facts seen inside a joined namespace (its interfaces, its hostname).
    public var observations: [Observation] = []
    public var failure: ProbeFailure?
    /// The namespace types it created, for the creation-time histogram; empty for join probes.
    public var createdLabel: String?

    public init(module: String) { self.module = module }

    public enum Phase: String, Sendable, CaseIterable {
        /// clone()/unshare()/setns() until the child is in every namespace.
        case enter
        /// The child's setup and the parent's part (id maps) until the checks start.
        case setup
        /// The checks, inside and from the host.
        case check
        /// From the child's last report (or telling it to exit, when a check
        /// looked at it after) until it is reaped.
        case teardown
    }

    public func duration(of phase: Phase) -> Duration? {
        phases.first(where: { $0.phase == phase })?.duration
    }

    /// The reason label: the failure's, or `check_failed`; nil on success.
    public var failureReason: String? {
        if let failure { return failure.reason }
        return success ? nil : "check_failed"
    }
}

/// One isolation check, e.g. `uts_host_hostname_unchanged`.
public struct CheckResult: Sendable, Equatable {
    public var name: String
    public var passed: Bool
    /// What was seen, for a person reading `probe --module …`.
    public var detail: String

    public init(_ name: String, _ passed: Bool, _ detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }
}

/// Something seen inside a namespace: a metric-shaped fact.
public struct Observation: Sendable, Equatable {
    /// Metric name after `probe_namespace_`, e.g. `interface_up`.
    public var name: String
    public var labels: [(String, String)]
    public var value: Double

    public init(_ name: String, _ labels: [(String, String)], _ value: Double) {
        self.name = name
        self.labels = labels
        self.value = value
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.name == rhs.name && lhs.value == rhs.value && lhs.labels.elementsEqual(rhs.labels, by: ==)
    }
}

/// Why a probe could not complete: `reason` is an errno name (`ENOSPC`),
/// `timeout`, `missing_capability`, `child_exited` or `target_not_found`.
public struct ProbeFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    /// Where: `clone`, `sethostname`, `uid_map`, ….
    public var step: String
    public var message: String

    public init(reason: String, step: String, message: String) {
        self.reason = reason
        self.step = step
        self.message = message
    }

    public static func errno(_ code: Int32, step: String, _ message: String) -> ProbeFailure {
        ProbeFailure(reason: errnoName(code), step: step, message: "\(message): \(errnoName(code))")
    }

    public var description: String { "\(step): \(message)" }
}
