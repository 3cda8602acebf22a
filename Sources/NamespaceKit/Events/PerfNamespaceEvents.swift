#if canImport(Glibc)
import Glibc
#endif
import CNamespaceShim
import SystemPackage

/// What the perf source reports: a process's namespaces after clone with
/// `CLONE_NEW*`, `unshare` or `setns` by its leader thread (and after every
/// fork), or records the kernel dropped because a ring was full.
public enum NamespaceRecord: Sendable, Equatable {
    /// `inodes` has the seven types the record carries (no time namespace);
    /// `time`: when the kernel wrote it (wall clock).
    case namespaces(pid: Int32, tid: Int32, inodes: [NamespaceType: UInt64], time: Double)
    case lost(Int)
}

/// `perf_event_open` namespaces records: one dummy software event per online
/// CPU, each with a ring buffer, read on a thread of its own. This is the
/// only kernel interface that tells when a *running* process changes
/// namespace (the proc connector reports fork/exec/exit only).
public final class PerfNamespaceEvents: Sendable {
    private struct Ring: Sendable {
        var fd: Int32
        var base: UInt
        var size: Int
        var pointer: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: base)! }
    }

    private let rings: [Ring]
    public let stats = EventSourceStats()
    private let loop = EventLoop(label: "namespace_exporter.perf-namespaces")

    /// Opens one event per online CPU with `pages` data pages each (a power
    /// of two); throws without CAP_PERFMON/CAP_SYS_ADMIN or where the kernel
    /// refuses (`perf_event_paranoid`, seccomp).
    public init(pages: Int = 64) throws(Errno) {
        let cpus = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        var rings: [Ring] = []
        for cpu in 0..<cpus {
            var base: UnsafeMutableRawPointer?
            var size = 0
            let fd = cns_perf_namespaces_open(Int32(cpu), Int32(pages), &base, &size)
            guard fd >= 0, let base else {
                let error = Errno(rawValue: errno)
                for ring in rings { cns_perf_close(ring.fd, ring.pointer, ring.size) }
                throw error
            }
            rings.append(Ring(fd: fd, base: UInt(bitPattern: base), size: size))
        }
        self.rings = rings
    }

    deinit {
        for ring in rings { cns_perf_close(ring.fd, ring.pointer, ring.size) }
    }

    /// Starts reading; records arrive on the stream until `stop()` or a failure.
    public func records(buffer: Int = 65_536) -> AsyncStream<NamespaceRecord> {
        loop.start(.bufferingOldest(buffer)) { [self] in readLoop($0) }
    }

    public func stop() {
        loop.stop()
    }

    private func readLoop(_ continuation: AsyncStream<NamespaceRecord>.Continuation) {
        var pollers = rings.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        var decoded = [cns_perf_record](repeating: cns_perf_record(), count: 256)
        while !loop.isStopped {
            // The rings wake us when a quarter full; the timeout bounds how
            // late a lone record is seen (and lets stop() be noticed).
            let ready = poll(&pollers, nfds_t(pollers.count), 100)
            if ready < 0 && errno != EINTR {
                stats.failures.add(1, ordering: .relaxed)
                return
            }
            // A broken fd would report itself forever: stop instead of spinning.
            if pollers.contains(where: { $0.revents & Int16(POLLNVAL | POLLERR | POLLHUP) != 0 }) {
                stats.failures.add(1, ordering: .relaxed)
                return
            }
            for ring in rings {
                while true {
                    let count = decoded.withUnsafeMutableBufferPointer {
                        cns_perf_ring_read(ring.pointer, ring.size, $0.baseAddress, Int32($0.count))
                    }
                    for record in decoded.prefix(Int(count)) { deliver(record, continuation) }
                    if count < decoded.count { break }
                }
            }
        }
    }

    private func deliver(_ record: cns_perf_record, _ continuation: AsyncStream<NamespaceRecord>.Continuation) {
        let event: NamespaceRecord
        if record.type == 2 {  // PERF_RECORD_LOST
            stats.overruns.add(1, ordering: .relaxed)
            event = .lost(Int(record.lost))
        } else {
            stats.events.add(1, ordering: .relaxed)
            // A thread other than its process's leader changes only itself, not /proc/<pid>/ns (threads are
            // counted at resync); the exporter's own setns visits for the collectors are such threads.
            guard record.pid == record.tid else { return }
            event = .namespaces(pid: record.pid, tid: record.tid, inodes: Self.inodes(record), time: Double(record.time_ns) / 1e9)
        }
        if case .dropped = continuation.yield(event) { stats.dropped.add(1, ordering: .relaxed) }
    }

    private static func inodes(_ record: cns_perf_record) -> [NamespaceType: UInt64] {
        withUnsafeBytes(of: record.inodes) { raw in
            let values = raw.bindMemory(to: UInt64.self)
            var inodes: [NamespaceType: UInt64] = [:]
            for (index, type) in NamespaceType.allCases.enumerated() where values[index] != 0 {
                inodes[type] = values[index]
            }
            return inodes
        }
    }
}
