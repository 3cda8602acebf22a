import Synchronization

/// What one event source counted, readable from any thread.
public final class EventSourceStats: Sendable {
    /// Events received (process fork/exec/exit, namespaces records, mount events).
    public let events = Atomic<Int>(0)
    /// Times the kernel dropped events (ENOBUFS on the proc connector,
    /// PERF_RECORD_LOST records, a fanotify queue overflow): a resync follows.
    public let overruns = Atomic<Int>(0)
    /// Updates dropped because the consumer fell too far behind.
    public let dropped = Atomic<Int>(0)
    /// The source failed (its fd closed or broke): it stopped, and the rest carry on.
    public let failures = Atomic<Int>(0)

    public init() {}

    public var failed: Bool { failures.load(ordering: .relaxed) > 0 }
}
