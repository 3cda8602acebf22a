#if canImport(Glibc)
import Glibc
#endif

/// A process a test starts, in a session of its own so the whole tree can be
/// killed, with its stdout on a pipe. Tests stop it with `killTree()`, which
/// reaps it and checks nothing of its tree is left.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    private let stdout: Int32
    private var buffered: [UInt8] = []
    /// Once reaped, the pid may belong to someone else: never signal it again.
    private var reaped = false

    public struct SpawnError: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Starts `arguments` (searched in PATH) with stdin from /dev/null.
    public init(_ arguments: [String], environment: [String]? = nil) throws {
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw SpawnError(description: "pipe: \(errno)") }
        // Close-on-exec, so other children the test starts do not inherit them.
        for fd in pipeFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(Self.spawnSetSID))
        var child: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let env = (environment ?? Self.currentEnvironment()).map { strdup($0) } + [nil]
        defer { env.forEach { free($0) } }
        let result = posix_spawnp(&child, arguments[0], &actions, &attributes, argv, env)
        close(pipeFDs[1])
        guard result == 0 else {
            close(pipeFDs[0])
            throw SpawnError(description: "spawn \(arguments[0]): error \(result)")
        }
        pid = child
        stdout = pipeFDs[0]
    }

    deinit { close(stdout) }

    /// glibc's POSIX_SPAWN_SETSID, hidden behind _GNU_SOURCE.
    private static let spawnSetSID: Int32 = 0x80

    private static func currentEnvironment() -> [String] {
        var result: [String] = []
        var cursor = environ
        while let entry = cursor.pointee {
            result.append(String(cString: entry))
            cursor += 1
        }
        return result
    }

    /// Waits up to `timeout` seconds for a line on stdout; nil at EOF or timeout.
    public func readLine(timeout: Double = 10) -> String? {
        let deadline = Self.now() + timeout
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffered[..<newline], as: UTF8.self)
                buffered.removeSubrange(...newline)
                return line
            }
            let remaining = deadline - Self.now()
            guard remaining > 0 else { return nil }
            var poller = pollfd(fd: stdout, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(remaining * 1000) + 1) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(stdout, &chunk, chunk.count)
            guard count > 0 else { return nil }
            buffered += chunk[..<count]
        }
    }

    /// All of stdout until the process closes it (or `timeout` seconds pass).
    public func readToEnd(timeout: Double = 30) -> String {
        var lines: [String] = []
        while let line = readLine(timeout: timeout) { lines.append(line) }
        let rest = String(decoding: buffered, as: UTF8.self)
        buffered.removeAll()
        return (lines + (rest.isEmpty ? [] : [rest])).joined(separator: "\n")
    }

    /// Every process below this one, found through /proc/<pid>/task/*/children.
    public func descendants() -> [pid_t] {
        var found: [pid_t] = []
        var frontier = [pid]
        while let next = frontier.popLast() {
            let children = ProcReader.children(of: next)
            found += children
            frontier += children
        }
        return found
    }

    /// The process and its descendants.
    public var tree: [pid_t] { [pid] + descendants() }

    /// SIGKILLs the whole session, reaps the child and waits until no process
    /// of the tree (zombie or not) is left. Returns the pids that remain.
    @discardableResult
    public func killTree(timeout: Double = 10) -> [pid_t] {
        guard !reaped else { return [] }
        let members = tree
        kill(-pid, SIGKILL)
        for member in members { kill(member, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = true
        let deadline = Self.now() + timeout
        var left = members.filter { $0 != pid && ProcReader.exists($0) }
        while !left.isEmpty && Self.now() < deadline {
            usleep(10_000)
            left = left.filter { ProcReader.exists($0) }
        }
        return left
    }

    public static func now() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

extension ChildProcess {
    /// Waits up to `timeout` seconds for the child to exit and reaps it;
    /// its exit status, or nil if it is still running.
    public func waitForExit(timeout: Double) -> Int32? {
        let deadline = Self.now() + timeout
        var status: Int32 = 0
        while Self.now() < deadline {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                self.reaped = true
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            }
            usleep(10_000)
        }
        return nil
    }
}
