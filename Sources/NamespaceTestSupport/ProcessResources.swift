#if canImport(Glibc)
import Glibc
#endif

/// What a process holds, read from /proc: compared before and after a test
/// to show it leaked nothing.
public struct ProcessResources: Equatable, CustomStringConvertible, Sendable {
    public var fds: Int
    public var threads: Int
    /// Children of every thread (a probe child is the child of the thread that cloned it).
    public var children: [pid_t]
    public var mounts: Int
    public var rssKiB: Int

    public init(of pid: pid_t) {
        fds = Self.count("/proc/\(pid)/fd")
        threads = Self.count("/proc/\(pid)/task")
        children = Self.entries("/proc/\(pid)/task").flatMap { tid in
            (ProcReader.readText("/proc/\(pid)/task/\(tid)/children") ?? "").split(separator: " ").compactMap { pid_t($0) }
        }
        mounts = (ProcReader.readText("/proc/\(pid)/mountinfo") ?? "").split(separator: "\n").count
        let status = ProcReader.readText("/proc/\(pid)/status") ?? ""
        rssKiB = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
            .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
    }

    /// Read until two reads 100 ms apart hold the same: a connection a client
    /// has just closed, or a file the sampler has open, is not a holding.
    public static func settled(of pid: pid_t, within seconds: Double = 3) -> ProcessResources {
        var last = ProcessResources(of: pid)
        let deadline = ChildProcess.now() + seconds
        while ChildProcess.now() < deadline {
            usleep(100_000)
            let next = ProcessResources(of: pid)
            if next.sameHoldings(as: last) { return next }
            last = next
        }
        return last
    }

    /// Everything but the RSS, which a test reports instead of comparing.
    /// Fewer threads is no leak; `poolGrowth` allows that many more.
    public func sameHoldings(as other: ProcessResources, poolGrowth: Int = 0) -> Bool {
        fds == other.fds && threads <= other.threads + poolGrowth
            && children == other.children && mounts == other.mounts
    }

    /// After a load: the same holdings, but up to one more thread per core.
    /// NIO's and Swift's pools start threads on demand up to their size
    /// (one per core), while a leak grows with the work done.
    public func leakedNothing(since before: ProcessResources) -> Bool {
        sameHoldings(as: before, poolGrowth: Self.threadPoolGrowth)
    }

    public static let threadPoolGrowth = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    public var description: String {
        "fds \(fds), threads \(threads), children \(children), mounts \(mounts), rss \(rssKiB) KiB"
    }

    private static func entries(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = direntName(entry)
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func count(_ path: String) -> Int { entries(path).count }
}
