import NamespaceKit

/// The exporter's own monotonic counters, owned by the sampler service.
public struct ExporterCounters: Hashable, Sendable {
    public var samples = 0
    public var sampleErrors = 0
    public var processesVanished = 0
    /// /proc lines and files not in the kernel's format, by file, since start.
    public var parseErrors: [String: Int] = [:]

    public init(samples: Int = 0, sampleErrors: Int = 0, processesVanished: Int = 0) {
        self.samples = samples
        self.sampleErrors = sampleErrors
        self.processesVanished = processesVanished
    }

    /// Counts one successful sample.
    public mutating func record(_ snapshot: Snapshot) {
        samples += 1
        processesVanished += snapshot.processCounts.vanished
        parseErrors.merge(snapshot.parseErrors, uniquingKeysWith: +)
    }
}
