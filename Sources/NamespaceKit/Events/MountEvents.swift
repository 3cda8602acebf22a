#if canImport(Glibc)
import Glibc
#endif
import CNamespaceShim
import Synchronization
import SystemPackage

/// fanotify mount events (`FAN_MARK_MNTNS`, kernel 6.15): a mount attached
/// to or detached from a watched mount namespace — how an nsfs bind mount
/// (`ip netns add`, CNI's and container engines' `/run/netns/*`) is seen as
/// it happens instead of at the next mountinfo read.
public final class MountEvents: Sendable {
    private let fd: Int32
    /// Mount namespaces marked so far, by inode.
    private let watched = Mutex<Set<UInt64>>([])
    public let stats = EventSourceStats()
    private let loop = EventLoop(label: "namespace_exporter.mount-events")

    /// Throws where the kernel lacks `FAN_REPORT_MNT` (EINVAL before 6.15) or
    /// without CAP_SYS_ADMIN (EPERM).
    public init() throws(Errno) {
        let fd = cns_fanotify_mount_open()
        guard fd >= 0 else { throw Errno(rawValue: errno) }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Watches the mount namespace that `relative` (under `root`, e.g.
    /// `1234/ns/mnt`) opens, once per inode; false if it could not be marked.
    @discardableResult
    public func watch(_ ino: UInt64, opening relative: String, in root: ProcRoot) -> Bool {
        if watched.withLock({ $0.contains(ino) }) { return true }
        let namespace = openat(root.fd, relative, O_RDONLY | O_CLOEXEC)
        guard namespace >= 0 else { return false }
        defer { close(namespace) }
        guard cns_fanotify_watch_mntns(fd, namespace) == 0 else { return false }
        watched.withLock { _ = $0.insert(ino) }
        return true
    }

    /// Forgets marks of mount namespaces no longer alive (the kernel drops
    /// the mark with the namespace; an inode may come back for a new one).
    public func keepWatching(only alive: Set<UInt64>) {
        watched.withLock { $0.formIntersection(alive) }
    }

    public var watchedCount: Int { watched.withLock { $0.count } }

    /// Starts reading; each batch of mount events read at once is one
    /// element (how many events), until `stop()` or a failure.
    public func changes() -> AsyncStream<Int> {
        loop.start(.bufferingNewest(16)) { [self] in readLoop($0) }
    }

    public func stop() {
        loop.stop()
    }

    private func readLoop(_ continuation: AsyncStream<Int>.Continuation) {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var events = [cns_mount_event](repeating: cns_mount_event(), count: 256)
        while !loop.isStopped {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 200) > 0 else { continue }
            if poller.revents & Int16(POLLNVAL | POLLERR | POLLHUP) != 0 && poller.revents & Int16(POLLIN) == 0 {
                stats.failures.add(1, ordering: .relaxed)
                return
            }
            let received = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if received < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                stats.failures.add(1, ordering: .relaxed)
                return
            }
            let count = buffer.withUnsafeBytes { bytes in
                events.withUnsafeMutableBufferPointer {
                    cns_fanotify_mount_decode(bytes.baseAddress, received, $0.baseAddress, Int32($0.count))
                }
            }
            // FAN_Q_OVERFLOW: events were lost; the consumer re-reads every mountinfo anyway.
            if events.prefix(Int(count)).contains(where: { $0.mask & 0x4000 != 0 }) { stats.overruns.add(1, ordering: .relaxed) }
            stats.events.add(Int(count), ordering: .relaxed)
            if count > 0 { continuation.yield(Int(count)) }
        }
    }
}
