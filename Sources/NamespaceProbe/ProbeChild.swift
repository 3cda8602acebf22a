import CNamespaceShim
#if canImport(Glibc)
import Glibc
#endif

/// A probe child started by `cns_probe_launch` and the parent's ends of its
/// pipes. Every path ends in `reap`, which leaves no zombie and no fd.
final class ProbeChild {
    let pid: pid_t
    private let pidfd: Int32
    private let reportFD: Int32
    private let controlFD: Int32
    /// The child runs in the exporter's memory (CLONE_VM) on a stack freed once it is reaped.
    private var launched: cns_probe_child
    private var reaped = false

    /// Clones the child; a clone errno (ENOSPC at a limit, EPERM) is the answer.
    init(_ request: inout cns_probe_request) throws(ProbeFailure) {
        Self.ignoreSIGPIPE
        var child = cns_probe_child()
        guard cns_probe_launch(&request, &child) == 0 else {
            throw .errno(errno, step: "clone", "clone() of the probe child failed")
        }
        pid = child.pid
        pidfd = child.pidfd
        reportFD = child.report_fd
        controlFD = child.control_fd
        launched = child
    }

    /// A write to a child that died must be an EPIPE error, not a signal that kills the exporter.
    private static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Waits for the child's next report until `deadline`.
    func receive(stage: String, until deadline: ContinuousClock.Instant) throws(ProbeFailure) -> cns_probe_report {
        var report = cns_probe_report()
        let size = MemoryLayout<cns_probe_report>.size
        var filled = 0
        while filled < size {
            try wait(for: reportFD, Int16(POLLIN), stage: stage, until: deadline)
            let got = withUnsafeMutableBytes(of: &report) { Glibc.read(reportFD, $0.baseAddress! + filled, size - filled) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else {
                throw ProbeFailure(reason: "child_exited", step: stage, message: "the probe child exited before reporting \(stage)")
            }
            filled += got
        }
        return report
    }

    /// Sends GO (the parent's part is done).
    func send(_ go: cns_probe_go) throws(ProbeFailure) {
        var go = go
        let sent = withUnsafeBytes(of: &go) { writeAll(controlFD, $0) }
        guard sent else { throw .errno(errno, step: "go", "telling the probe child to go on failed") }
    }

    /// Tells the child to undo what it made and exit.
    func sendExit() {
        var byte: UInt8 = 0
        _ = withUnsafeBytes(of: &byte) { writeAll(controlFD, $0) }
    }

    /// Waits for the child to exit until `deadline`, then kills it; reaps it
    /// either way and closes every fd. Returns whether it exited in time.
    @discardableResult
    func reap(until deadline: ContinuousClock.Instant) -> Bool {
        guard !reaped else { return true }
        reaped = true
        let inTime = (try? wait(for: pidfd, Int16(POLLIN), stage: "teardown", until: deadline)) != nil
        if !inTime { _ = cns_pidfd_send_signal(pidfd, SIGKILL) }
        var status: Int32 = 0
        // The pidfd keeps the pid from being reused until this wait.
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        for fd in [pidfd, reportFD, controlFD] { close(fd) }
        cns_probe_free(&launched)
        return inTime
    }

    /// Kills and reaps at once (a timeout, a failed stage).
    func kill() {
        reap(until: .now)
    }

    deinit { kill() }

    private func wait(for fd: Int32, _ events: Int16, stage: String, until deadline: ContinuousClock.Instant) throws(ProbeFailure) {
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else {
                throw ProbeFailure(reason: "timeout", step: stage, message: "the probe timed out during \(stage)")
            }
            var poller = pollfd(fd: fd, events: events, revents: 0)
            let milliseconds = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            let ready = poll(&poller, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR {
                throw .errno(errno, step: stage, "poll on the probe child failed")
            }
        }
    }
}

/// Writes all of `bytes`; false (errno set) if the other end is gone.
func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let sent = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if sent < 0 && errno == EINTR { continue }
        guard sent > 0 else { return false }
        offset += sent
    }
    return true
}
