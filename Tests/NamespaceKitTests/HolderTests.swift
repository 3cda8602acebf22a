import CNamespaceShim
import Glibc
import NamespaceTestSupport
import Testing
@testable import NamespaceKit

/// Namespaces held by something other than a member process, made by the
/// test and found with the right kind of holder. Serialized with the other
/// suites that make namespaces (make test runs suites one at a time).
@Suite(.serialized)
struct HolderTests {
    let sampler = Sampler(procfs: ProcFS(root: "/proc"))

    func inode(_ pid: pid_t, _ name: String) throws -> UInt64 {
        try #require(ProcReader.namespaceInode(pid: pid, name))
    }

    @Test func fdKeepsANamespaceAfterItsProcessExits() throws {
        let member = try ChildProcess(["unshare", "--net", "--", "sh", "-c", "echo ready; exec sleep 1000"])
        defer { #expect(member.killTree().isEmpty) }
        try #require(member.readLine() == "ready")
        let net = try inode(member.pid, "net")
        let script = "import os, sys, signal; fd = os.open(sys.argv[1], os.O_RDONLY); print('ready', flush=True); signal.pause()"
        let holder = try ChildProcess(["python3", "-c", script, "/proc/\(member.pid)/ns/net"])
        defer { #expect(holder.killTree().isEmpty) }
        try #require(holder.readLine() == "ready")
        #expect(member.killTree().isEmpty)

        let found = try #require(try sampler.sample().namespaces.first { $0.id.ino == net })
        #expect(found.type == .net)
        #expect(found.processCount == 0)
        #expect(found.holders == [.fd: 1])
        #expect(found.fdOwners == [holder.pid])
        #expect(found.owner != .unknown, "opened through the fd for its owner")
        #expect(holder.killTree().isEmpty)
        #expect(try !sampler.sample().namespaces.contains { $0.id.ino == net }, "gone with its last holder")
    }

    /// An fd opened through the bind mount (`open("/run/netns/x")`, as CNI
    /// plugins do) reads as the path, and as `/` once `ip netns delete`
    /// unmounted it: the namespace is still held, by that fd alone.
    @Test func fdOpenedThroughABindMountHoldsItAfterTheUnmount() throws {
        let name = "nsx-test-fd-\(getpid())"
        try #require(Command.run(["ip", "netns", "add", name]).status == 0)
        var deleted = false
        defer { if !deleted { _ = try? Command.run(["ip", "netns", "del", name]) } }
        let script = "import os, sys, signal; fd = os.open(sys.argv[1], os.O_RDONLY); print('ready', flush=True); signal.pause()"
        let holder = try ChildProcess(["python3", "-c", script, "/run/netns/\(name)"])
        defer { #expect(holder.killTree().isEmpty) }
        try #require(holder.readLine() == "ready")
        var info = stat()
        try #require(stat("/run/netns/\(name)", &info) == 0)
        try #require(Command.run(["ip", "netns", "del", name]).status == 0)
        deleted = true
        let found = try #require(try sampler.sample().namespaces.first { $0.id.ino == UInt64(info.st_ino) }, "the fd's namespace was not found")
        #expect(found.type == .net)
        #expect(found.processCount == 0)
        #expect(found.holders == [.fd: 1])
        #expect(found.fdOwners == [holder.pid])
        #expect(holder.killTree().isEmpty)
        #expect(try !sampler.sample().namespaces.contains { $0.id.ino == UInt64(info.st_ino) }, "gone with its last holder")
    }

    @Test func ipNetnsAddIsABindMountWithNoProcess() throws {
        let name = "nsx-test-\(getpid())"
        try #require(Command.run(["ip", "netns", "add", name]).status == 0)
        var deleted = false
        defer { if !deleted { _ = try? Command.run(["ip", "netns", "del", name]) } }
        let snapshot = try sampler.sample()
        let found = try #require(snapshot.namespaces.first { $0.mountPoints.contains("/run/netns/\(name)") })
        #expect(found.type == .net)
        #expect(found.processCount == 0)
        #expect(found.holders[.bindmount, default: 0] >= 1)
        #expect(found.holders[.process] == nil)
        // lsns sees only process links: it does not list this one.
        let lsns = try Command.run(["lsns", "-n", "-o", "NS"])
        #expect(!lsns.output.split(separator: "\n").contains { $0.trimmingPrefix(" ") == String(found.id.ino) })
        try #require(Command.run(["ip", "netns", "del", name]).status == 0)
        deleted = true
        #expect(try !sampler.sample().namespaces.contains { $0.id.ino == found.id.ino })
    }

    @Test func userNamespacesWithoutMembersAreFoundAsAncestors() throws {
        // Each unshare execs the next: only the deepest user namespace has a member.
        let arguments = ["unshare", "--user", "--map-root-user", "--", "unshare", "--user", "--map-root-user", "--",
                         "unshare", "--user", "--map-root-user", "--", "sh", "-c", "echo ready; exec sleep 1000"]
        let child = try ChildProcess(arguments)
        defer { #expect(child.killTree().isEmpty) }
        try #require(child.readLine() == "ready")
        let deepest = try inode(child.pid, "user")
        let snapshot = try sampler.sample()
        let byInode = Dictionary(uniqueKeysWithValues: snapshot.namespaces.map { ($0.id.ino, $0) })
        let third = try #require(byInode[deepest])
        #expect(third.processCount == 1)
        let second = try #require(third.parent?.id.flatMap { byInode[$0.ino] })
        let first = try #require(second.parent?.id.flatMap { byInode[$0.ino] })
        for hidden in [second, first] {
            #expect(hidden.type == .user)
            #expect(hidden.processCount == 0)
            #expect(hidden.holders == [.hierarchy: 1])
            #expect(hidden.creatorUID == 0)
        }
        #expect(first.parent?.id?.ino == (try inode(getpid(), "user")))
        // The kernel's own answer for the middle one, asked independently.
        let fd = open("/proc/\(child.pid)/ns/user", O_RDONLY | O_CLOEXEC)
        defer { close(fd) }
        let parentFD = cns_get_parent(fd)
        defer { close(parentFD) }
        var info = stat()
        #expect(fstat(parentFD, &info) == 0 && UInt64(info.st_ino) == second.id.ino)
    }

    @Test func plainFilesInANetnsDirectoryAreStale() throws {
        var template = Array("/tmp/nsx-netns-XXXXXX".utf8CString)
        let directory = String(cString: try #require(mkdtemp(&template)))
        defer { #expect(rmdir(directory) == 0, "test directory left behind") }
        let stale = "\(directory)/stale", good = "\(directory)/good"
        for path in [stale, good] { close(open(path, O_CREAT | O_WRONLY, 0o644)) }
        defer { unlink(stale); unlink(good) }
        let member = try ChildProcess(["unshare", "--net", "--", "sh", "-c", "echo ready; exec sleep 1000"])
        defer { #expect(member.killTree().isEmpty) }
        try #require(member.readLine() == "ready")
        try #require(Command.run(["mount", "--bind", "/proc/\(member.pid)/ns/net", good]).status == 0)
        defer { #expect(umount2(good, 0) == 0) }
        #expect(NetnsDirectory.staleEntries(in: directory) == ["stale"])
    }
}

extension HolderTests {
    /// `unshare` in one thread moves only that thread: the namespace it made
    /// is held by a thread, not by any process's link.
    @Test func threadThatUnsharesHoldsItsNamespace() throws {
        let script = """
            import ctypes, os, signal, threading
            libc = ctypes.CDLL(None)
            def run():
                assert libc.unshare(0x40000000) == 0
                print(threading.get_native_id(), flush=True)
                signal.pause()
            threading.Thread(target=run, daemon=True).start()
            signal.pause()
            """
        let process = try ChildProcess(["python3", "-c", script])
        defer { #expect(process.killTree().isEmpty) }
        let tid = try #require(process.readLine().flatMap { pid_t($0) })
        let threadNet = try inode(tid, "net")  // /proc/<tid> reaches a thread too
        #expect(threadNet != (try inode(process.pid, "net")))
        let found = try #require(try sampler.sample().namespaces.first { $0.id.ino == threadNet })
        #expect(found.type == .net)
        #expect(found.processCount == 0)
        #expect(found.holders == [.thread: 1])
        #expect(found.threadCount == 1, "the moved thread is counted in its new namespace")
        let without = try Sampler(procfs: ProcFS(root: "/proc"), options: .init(threads: false)).sample()
        #expect(!without.namespaces.contains { $0.id.ino == threadNet }, "only the thread stage finds it")
    }
}

extension HolderTests {
    /// A socket made inside a network namespace its process then left keeps
    /// that namespace: found only by the socket stage.
    @Test func socketKeepsTheNamespaceItWasMadeIn() throws {
        let script = """
            import ctypes, os, signal, socket
            libc = ctypes.CDLL(None)
            home = os.open("/proc/self/ns/net", os.O_RDONLY)
            assert libc.unshare(0x40000000) == 0
            made = os.readlink("/proc/self/ns/net")
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            assert libc.setns(home, 0x40000000) == 0
            os.close(home)
            print(made, flush=True)
            signal.pause()
            """
        let process = try ChildProcess(["python3", "-c", script])
        defer { #expect(process.killTree().isEmpty) }
        let made = try #require(process.readLine())
        let ino = try #require(NamespaceLink(parsing: made)?.ino)
        #expect(ino != (try inode(process.pid, "net")), "the process went back home")
        let withSockets = try Sampler(procfs: ProcFS(root: "/proc"), options: .init(sockets: true)).sample()
        let found = try #require(withSockets.namespaces.first { $0.id.ino == ino })
        #expect(found.holders == [.socket: 1])
        #expect(found.processCount == 0)
        #expect(try !sampler.sample().namespaces.contains { $0.id.ino == ino }, "off by default")
    }
}
