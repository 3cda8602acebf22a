#if canImport(Glibc)
import Glibc
#endif
import CNamespaceShim
import SystemPackage

/// One process's new state, from a kernel process event: its record after a
/// fork or exec, nil after it exited.
public struct ProcessUpdate: Sendable {
    public var pid: Int32
    public var record: ProcessRecord?
    /// For a fork, the process that forked (its namespaces are the child's
    /// unless the child was cloned into new ones).
    public var parent: Int32?
    public var time: Double
    /// Its container, from its cgroup when it was read (nil: in none).
    public var container: ContainerAttribution?

    public init(pid: Int32, record: ProcessRecord?, parent: Int32? = nil, time: Double, container: ContainerAttribution? = nil) {
        self.pid = pid
        self.record = record
        self.parent = parent
        self.time = time
        self.container = container
    }
}

/// The kernel's netlink process connector: fork/exec/exit of every process,
/// as they happen. On each fork or exec the reader re-reads just that
/// process's links, so a namespace whose processes live for milliseconds is
/// still seen. `unshare`/`setns` without fork or exec makes no event here:
/// the perf source (`PerfNamespaceEvents`) sees those.
public final class ProcessEventReader: Sendable {
    private let fd: Int32
    private let procfs: ProcFS
    public let stats = EventSourceStats()
    private let loop = EventLoop(label: "namespace_exporter.proc-connector")

    /// Subscribes to process events; throws without CAP_NET_ADMIN or on a
    /// kernel without the connector.
    public init(procfs: ProcFS, receiveBuffer: Int = 4 << 20) throws(Errno) {
        let fd = cns_proc_connector_open(Int32(receiveBuffer))
        guard fd >= 0 else { throw Errno(rawValue: errno) }
        self.fd = fd
        self.procfs = procfs
    }

    deinit { close(fd) }

    /// Starts reading on a thread of its own; updates arrive on the stream
    /// until `stop()`. The stream holds at most `buffer` unconsumed updates.
    public func updates(buffer: Int = 65_536) -> AsyncStream<ProcessUpdate> {
        loop.start(.bufferingOldest(buffer)) { [self] in readLoop($0) }
    }

    public func stop() {
        loop.stop()
    }

    private func readLoop(_ continuation: AsyncStream<ProcessUpdate>.Continuation) {
        guard let root = try? procfs.open() else { return }
        var datagram = [UInt8](repeating: 0, count: 16 * 1024)
        var events = [cns_proc_event](repeating: cns_proc_event(), count: 64)
        while !loop.isStopped {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 200) > 0 else { continue }  // wake up to notice stop()
            // A socket closed or broken under us would report itself forever: stop instead of spinning.
            if poller.revents & Int16(POLLNVAL | POLLERR | POLLHUP) != 0 && poller.revents & Int16(POLLIN) == 0 {
                stats.failures.add(1, ordering: .relaxed)
                return
            }
            let received = datagram.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if received < 0 {
                switch errno {
                case ENOBUFS: stats.overruns.add(1, ordering: .relaxed)
                case EINTR, EAGAIN: break
                default:
                    stats.failures.add(1, ordering: .relaxed)
                    return
                }
                continue
            }
            let count = datagram.withUnsafeBytes { bytes in
                events.withUnsafeMutableBufferPointer {
                    cns_proc_connector_decode(bytes.baseAddress, received, $0.baseAddress, Int32($0.count))
                }
            }
            for event in events.prefix(Int(count)) {
                guard let update = update(for: event, root) else { continue }
                stats.events.add(1, ordering: .relaxed)
                if case .dropped = continuation.yield(update) { stats.dropped.add(1, ordering: .relaxed) }
            }
        }
    }

    /// Threads come and go inside processes: only whole processes matter.
    private func update(for event: cns_proc_event, _ root: ProcRoot) -> ProcessUpdate? {
        guard event.pid == event.tgid else { return nil }
        let now = wallClockSeconds()
        switch Int(event.kind) {
        case Int(CNS_PROC_EXIT.rawValue):
            return ProcessUpdate(pid: event.pid, record: nil, time: now)
        default:
            let parent = Int(event.kind) == Int(CNS_PROC_FORK.rawValue) ? event.parent_tgid : nil
            return root.update(pid: event.pid, parent: parent)
        }
    }
}

extension ProcRoot {
    /// `pid` as it is now: its record, or an exit if it has gone; nil if it
    /// cannot be read. `time`: when the event that asked was made (default: now).
    public func update(pid: Int32, parent: Int32? = nil, time: Double? = nil) -> ProcessUpdate? {
        let now = time ?? wallClockSeconds()
        switch readProcess(pid) {
        case .success(let record):
            let container = mayBeInContainer(record) ? container(of: pid).attribution : nil
            return ProcessUpdate(pid: pid, record: record, parent: parent, time: now, container: container)
        case .failure(.vanished): return ProcessUpdate(pid: pid, record: nil, time: now)
        case .failure(.unreadable), .failure(.malformed): return nil
        }
    }
}

extension ChurnTracker {
    /// Applies a process event, asking the kernel through `root` (this pid
    /// namespace's procfs) whether known holders still hold a reused inode.
    @discardableResult
    public mutating func apply(_ update: ProcessUpdate, asking root: ProcRoot?) -> [ChurnEvent] {
        apply(pid: update.pid, record: update.record, parent: update.parent, at: update.time) { pid, slot, ino in
            root?.namespaceInode(pid: pid, slot: slot) == ino
        }
    }
}
