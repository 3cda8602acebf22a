import NamespaceKit
import Synchronization

/// Runs probes for the HTTP endpoint: at most `maxConcurrent` at once and
/// `perMinute` per minute (beyond either: rejected, HTTP 429), each on a
/// thread of its own. A probe runs to its end even if the request that
/// started it goes away, so its resources are always released.
public final class ProbeRunner: Sendable {
    public struct Limits: Sendable {
        public var maxConcurrent: Int
        /// 0: no budget.
        public var perMinute: Int

        public init(maxConcurrent: Int = 4, perMinute: Int = 600) {
            self.maxConcurrent = maxConcurrent
            self.perMinute = perMinute
        }
    }

    public enum Rejection: Error, Equatable, CustomStringConvertible {
        case unknownModule(String)
        case badRequest(String)
        case busy(limit: Int)
        case overBudget(perMinute: Int)

        public var description: String {
            switch self {
            case .unknownModule(let name): "unknown module \"\(name)\""
            case .badRequest(let message): message
            case .busy(let limit): "too many probes at once (at most \(limit)); try again later"
            case .overBudget(let budget): "probe budget exhausted (at most \(budget) per minute); try again later"
            }
        }
    }

    public let modules: [String: ProbeModule]
    public let limits: Limits
    public let capabilities: CapabilitySet
    private let netnsDirectory: String?
    private let known: @Sendable () -> KnownNamespaces
    private let state = Mutex(State())

    private struct State {
        var running = 0
        /// Start times of the probes within the last minute, oldest first.
        var recentStarts: [ContinuousClock.Instant] = []
        var statistics = ProbeStatistics()
    }

    /// `known`: the namespaces of the latest sample, for targets named by inode.
    public init(
        modules: [String: ProbeModule], limits: Limits = Limits(), capabilities: CapabilitySet = .effective(),
        netnsDirectory: String? = "/run/netns", known: @escaping @Sendable () -> KnownNamespaces = { KnownNamespaces() }
    ) {
        self.modules = modules
        self.limits = limits
        self.capabilities = capabilities
        self.netnsDirectory = netnsDirectory
        self.known = known
    }

    public var statistics: ProbeStatistics {
        state.withLock { $0.statistics }
    }

    /// Runs module `name` against `target` within `timeout` (nil: the module's own).
    public func run(module name: String, target: String?, timeout: Duration?) async throws(Rejection) -> ProbeResult {
        guard let module = modules[name] else { throw .unknownModule(name) }
        let probe = try prepare(module, target: target, timeout: timeout)
        try admit(module.name)
        let result = await withCheckedContinuation { continuation in
            runOnDetachedThread { continuation.resume(returning: probe.run()) }
        }
        state.withLock { state in
            state.running -= 1
            state.statistics.record(result)
        }
        return result
    }

    private func prepare(_ module: ProbeModule, target: String?, timeout: Duration?) throws(Rejection) -> Probe {
        var resolved: ProbeTarget?
        if case .join(let settings) = module.prober {
            guard let target, !target.isEmpty else { throw .badRequest("module \"\(module.name)\" needs a target: a pid, a namespace (net:[4026532008]) or a /run/netns path") }
            do {
                resolved = try ProbeTarget(parsing: target, type: settings.type, known: known(), netnsDirectory: netnsDirectory)
            } catch {
                throw .badRequest(error.message)
            }
        }
        let budget = timeout.map { min($0, module.timeout) } ?? module.timeout
        return Probe(module: module, target: resolved, timeout: budget, capabilities: capabilities)
    }

    private func admit(_ module: String) throws(Rejection) {
        let now = ContinuousClock.now
        let rejection: Rejection? = state.withLock { state in
            state.recentStarts.removeFirst(state.recentStarts.prefix(while: { now - $0 >= .seconds(60) }).count)
            if state.running >= limits.maxConcurrent {
                state.statistics.recordRejected(module: module)
                return .busy(limit: limits.maxConcurrent)
            }
            if limits.perMinute > 0 && state.recentStarts.count >= limits.perMinute {
                state.statistics.recordRejected(module: module)
                return .overBudget(perMinute: limits.perMinute)
            }
            state.running += 1
            state.recentStarts.append(now)
            return nil
        }
        if let rejection { throw rejection }
    }
}
