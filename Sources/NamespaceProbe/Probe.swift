import Synchronization
import CNamespaceShim
import NamespaceKit
#if canImport(Glibc)
import Glibc
#endif

/// One run of one module: clone the child, walk it through its stages, time
/// each phase, and release everything whatever happens. Blocking: call it
/// off the event loops (the runner gives it a thread).
public struct Probe: Sendable {
    public var module: ProbeModule
    public var target: ProbeTarget?
    public var timeout: Duration
    /// The exporter's effective capabilities: a module needing one it lacks fails fast.
    public var capabilities: CapabilitySet
    /// For self-tests only: create the module's namespaces except these, to
    /// show each check fails when its isolation is absent.
    public var omitting: Set<NamespaceType> = []

    public init(module: ProbeModule, target: ProbeTarget? = nil, timeout: Duration, capabilities: CapabilitySet) {
        self.module = module
        self.target = target
        self.timeout = timeout
        self.capabilities = capabilities
    }

    private static let nonces = Nonce()

    public func run() -> ProbeResult {
        var result = ProbeResult(module: module.name)
        let started = monotonicNanoseconds()
        let deadline = ContinuousClock.now + timeout
        var checks: [any IsolationCheck] = []
        do {
            var request = cns_probe_request()
            request.join_fd = -1
            let required: CapabilitySet
            (checks, required) = try plan(&request, result: &result)
            let missing = capabilities.missing(required)
            guard missing.isEmpty else {
                throw ProbeFailure(
                    reason: "missing_capability", step: "capabilities",
                    message: "module \(module.name) needs \(missing.map(\.description).joined(separator: ", ")), which the exporter does not have")
            }
            let proc = try ProcFS(root: "/proc").open()
            let context = ProbeContext(nonce: "\(getpid())-\(Self.nonces.next())", proc: proc)
            for check in checks { try check.prepare(&request, context) }
            if omitting.contains(.time) { request.unshare_time = 0 }
            try walk(&request, checks, context, deadline: deadline, started: started, into: &result)
        } catch let failure as ProbeFailure {
            result.failure = failure
        } catch {
            result.failure = ProbeFailure(reason: "error", step: "probe", message: "\(error)")
        }
        for check in checks { check.release() }
        result.duration = .nanoseconds(monotonicNanoseconds() - started)
        return result
    }

    /// The checks for this module and the capabilities the exporter needs for them.
    private func plan(_ request: inout cns_probe_request, result: inout ProbeResult) throws(ProbeFailure) -> ([any IsolationCheck], CapabilitySet) {
        switch module.prober {
        case .create(let settings):
            let types = settings.types.sorted()
            let checks = Self.checks(settings)
            request.clone_flags = types.filter { $0 != .time && !omitting.contains($0) }.reduce(0) { $0 | $1.cloneFlag }
            request.keep_capabilities = CapabilitySet(checks.flatMap(\.childCapabilities)).mask
            result.createdLabel = types.count == NamespaceType.allCases.count ? "all" : types.map(\.rawValue).joined(separator: "+")
            return (checks, Self.required(settings, checks))
        case .join(let settings):
            guard let target else {
                throw ProbeFailure(reason: "bad_target", step: "target", message: "module \(module.name) needs a target")
            }
            let check = JoinCheck(settings, target: target)
            request.keep_capabilities = CapabilitySet(check.childCapabilities).mask
            // Opening a process's /proc/<pid>/ns entry needs ptrace access to it; a bind mount does not.
            let ptrace: [Capability] = target.path.hasPrefix("/proc/") ? [.sysPtrace] : []
            return ([check], CapabilitySet(check.requiredCapabilities + ptrace))
        }
    }

    static func checks(_ settings: CreateSettings) -> [any IsolationCheck] {
        settings.types.sorted().map { type in
            switch type {
            case .uts: UTSIsolation()
            case .pid: PIDIsolation()
            case .net: NetIsolation()
            case .ipc: IPCIsolation()
            case .mnt: MountIsolation(mountPoint: settings.mountPoint)
            case .user: UserIsolation(mapUID: settings.mapUID, mapGID: settings.mapGID)
            case .cgroup: CgroupIsolation()
            case .time: TimeIsolation(offsetSeconds: settings.monotonicOffsetSeconds)
            }
        }
    }

    /// A new user namespace grants the child every capability over the
    /// namespaces created with it: only the user part needs the exporter's own.
    private static func required(_ settings: CreateSettings, _ checks: [any IsolationCheck]) -> CapabilitySet {
        CapabilitySet(settings.types.contains(.user)
            ? checks.compactMap { $0 as? UserIsolation }.flatMap(\.requiredCapabilities)
            : checks.flatMap(\.requiredCapabilities))
    }

    /// Every capability a module may use, in the exporter or kept by its
    /// child: what least privilege must leave the exporter to run it.
    public static func capabilities(of module: ProbeModule) -> CapabilitySet {
        switch module.prober {
        case .create(let settings):
            let checks = checks(settings)
            return CapabilitySet(mask: required(settings, checks).mask | CapabilitySet(checks.flatMap(\.childCapabilities)).mask)
        case .join(let settings):
            let check = JoinCheck(settings, target: ProbeTarget(path: "/proc/1/ns/\(settings.type.rawValue)"))
            return CapabilitySet(check.requiredCapabilities + check.childCapabilities + [.sysPtrace])
        }
    }

    /// Clone → READY → (parent's part) → GO → DONE → (host checks) → EXIT if
    /// a check looks at the child then → reaped.
    private func walk(
        _ request: inout cns_probe_request, _ checks: [any IsolationCheck], _ context: ProbeContext,
        deadline: ContinuousClock.Instant, started: Int64, into result: inout ProbeResult
    ) throws(ProbeFailure) {
        let child = try ProbeChild(&request)
        context.childPID = child.pid
        do throws(ProbeFailure) {
            let ready = try child.receive(stage: "setup", until: deadline)
            if ready.entered_ns > 0 { result.phases.append((.enter, .nanoseconds(ready.entered_ns - started))) }
            try Self.checkSteps(ready)
            result.checks.append(Self.capabilitiesDropped(ready, keep: request.keep_capabilities))
            var go = cns_probe_go()
            // One round trip less when nothing looks at the child after DONE.
            let waitsForExit = checks.contains { $0.inspectsChildWhenDone }
            go.exit_after_done = waitsForExit ? 0 : 1
            for check in checks { try check.childReady(ready, &go, context, &result.checks) }
            try child.send(go)
            let goSent = monotonicNanoseconds()
            result.phases.append((.setup, .nanoseconds(goSent - ready.entered_ns)))
            let done = try child.receive(stage: "check", until: deadline)
            try Self.checkSteps(done)
            for check in checks { check.childDone(done, context, &result.checks, &result.observations) }
            let exitSent = monotonicNanoseconds()
            result.phases.append((.check, .nanoseconds(exitSent - goSent)))
            if waitsForExit { child.sendExit() }
            guard child.reap(until: deadline) else {
                throw ProbeFailure(reason: "timeout", step: "teardown", message: "the probe child did not exit in time and was killed")
            }
            result.phases.append((.teardown, .nanoseconds(monotonicNanoseconds() - exitSent)))
        } catch let failure {
            child.kill()
            throw failure
        }
    }

    /// The child runs its checks with only the capabilities it needs: the
    /// effective set the kernel gave it back after dropping (capget; reading
    /// /proc/<child>/status instead costs more than the rest of a probe).
    private static func capabilitiesDropped(_ report: cns_probe_report, keep: UInt64) -> CheckResult {
        let effective = report.effective_capabilities
        let kept = Capability.allCases.filter { effective & $0.mask != 0 }.map(\.description)
        return CheckResult(
            "child_capabilities_dropped", effective & ~keep == 0,
            "CapEff 0x\(String(effective, radix: 16))" + (kept.isEmpty ? "" : " (\(kept.joined(separator: ",")))"))
    }

    private static func checkSteps(_ report: cns_probe_report) throws(ProbeFailure) {
        guard report.failed_step != 0 else { return }
        let step = stepNames[Int(report.failed_step)] ?? "step_\(report.failed_step)"
        throw .errno(report.failed_errno, step: step, "\(step) in the probe child failed")
    }

    private static let stepNames: [Int: String] = [
        Int(CNS_STEP_SETNS.rawValue): "setns", Int(CNS_STEP_UNSHARE_TIME.rawValue): "unshare_time",
        Int(CNS_STEP_TIME_OFFSETS.rawValue): "timens_offsets", Int(CNS_STEP_CAPSET.rawValue): "capset",
        Int(CNS_STEP_SETHOSTNAME.rawValue): "sethostname", Int(CNS_STEP_MOUNT_PRIVATE.rawValue): "mount_private",
        Int(CNS_STEP_MOUNT.rawValue): "mount", Int(CNS_STEP_MSGGET.rawValue): "msgget",
        Int(CNS_STEP_SHMGET.rawValue): "shmget", Int(CNS_STEP_LOOPBACK_UP.rawValue): "loopback_up",
        Int(CNS_STEP_FORK.rawValue): "fork", Int(CNS_STEP_SETID.rawValue): "setresuid",
        Int(CNS_STEP_READ_CGROUP.rawValue): "read_cgroup",
    ]
}

/// CLOCK_MONOTONIC in nanoseconds: the clock the child reports in.
func monotonicNanoseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
}

/// A process-wide counter for probe nonces.
final class Nonce: Sendable {
    private let value = Atomic<Int>(0)
    func next() -> Int { value.add(1, ordering: .relaxed).newValue }
}
