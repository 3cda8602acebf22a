import FoundationEssentials
import Glibc
import NamespaceTestSupport
import Testing
@testable import NamespaceKit

/// The sampler on the live host, against namespaces the tests make
/// themselves with util-linux and know by identity. Serialized: each test
/// checks that what it made is gone, and a parallel test's namespace could
/// take a freed inode.
@Suite(.serialized)
struct RealNamespaceTests {
    let sampler = Sampler(procfs: ProcFS(root: "/proc"))
    let me = getpid()

    /// Starts `arguments`, waits for its `ready` line, runs `body`, then kills
    /// the tree and checks no process of it, nor any namespace in `made`, is left.
    func withWorkload(
        _ arguments: [String], made: (ChildProcess) -> [UInt64], _ body: (ChildProcess) throws -> Void
    ) throws {
        let child = try ChildProcess(arguments)
        var inodes: [UInt64] = []
        defer {
            #expect(child.killTree().isEmpty, "processes left behind")
            if let after = try? sampler.sample() {
                let left = after.namespaces.filter { inodes.contains($0.id.ino) }
                #expect(left.isEmpty, "namespaces left behind: \(left)")
            }
        }
        try #require(child.readLine() == "ready", "workload did not start: \(arguments)")
        inodes = made(child)
        try #require(!inodes.isEmpty)
        try body(child)
    }

    func inode(_ pid: pid_t, _ name: String) throws -> UInt64 {
        try #require(ProcReader.namespaceInode(pid: pid, name))
    }

    @Test func threeProcessesShareNewNetUtsIpcNamespaces() throws {
        let script = "sleep 1000 & sleep 1000 & echo ready; wait"
        try withWorkload(["unshare", "--net", "--uts", "--ipc", "--", "sh", "-c", script], made: { child in
            ["net", "uts", "ipc"].compactMap { ProcReader.namespaceInode(pid: child.pid, $0) }
        }) { child in
            let members = child.tree
            #expect(members.count == 3)
            let snapshot = try sampler.sample()
            let hostUser = try inode(me, "user")
            for type in [NamespaceType.net, .uts, .ipc] {
                let ino = try inode(child.pid, type.rawValue)
                #expect(ino != (try inode(me, type.rawValue)), "\(type) was not unshared")
                let found = try #require(snapshot.namespaces.first { $0.id.ino == ino })
                #expect(found.type == type)
                #expect(found.processCount == 3)
                #expect(found.leader?.pid == members.min())
                #expect(found.owner.id?.ino == hostUser)
                #expect(found.parent == nil)
            }
        }
    }

    @Test func oneProcessAloneInNewPidAndMountNamespaces() throws {
        // The outer unshare makes the pid namespace for its child; the child
        // then makes its own mount namespace, so it is alone in both.
        let arguments = ["unshare", "--pid", "--fork", "--", "unshare", "--mount", "--", "sh", "-c", "echo ready; exec sleep 1000"]
        try withWorkload(arguments, made: { child in
            guard let inner = child.descendants().first else { return [] }
            return ["pid", "mnt"].compactMap { ProcReader.namespaceInode(pid: inner, $0) }
        }) { child in
            let inner = try #require(child.descendants().first)
            let snapshot = try sampler.sample()
            let pidNS = try #require(snapshot.namespaces.first { $0.id.ino == (try? inode(inner, "pid")) })
            #expect(pidNS.type == .pid)
            #expect(pidNS.processCount == 1)
            #expect(pidNS.leader?.pid == inner)
            #expect(pidNS.parent?.id?.ino == (try inode(me, "pid")))
            #expect(pidNS.owner.id?.ino == (try inode(me, "user")))
            // The outer unshare reaches it only through pid_for_children.
            #expect((try inode(child.pid, "pid_for_children")) == pidNS.id.ino)
            let mntNS = try #require(snapshot.namespaces.first { $0.id.ino == (try? inode(inner, "mnt")) })
            #expect(mntNS.type == .mnt)
            #expect(mntNS.processCount == 1)
            #expect(mntNS.id.ino != (try inode(me, "mnt")))
        }
    }

    @Test func nestedUserNamespacesHaveParentsOwnersAndCreators() throws {
        // Made by uid 65534: the creator uid must say so, not root.
        let inner = "unshare --user --map-root-user --uts -- sh -c 'echo ready; exec sleep 1000' & wait"
        let arguments = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                         "unshare", "--user", "--map-root-user", "--", "sh", "-c", inner]
        try withWorkload(arguments, made: { child in
            let pids = child.tree
            return pids.compactMap { ProcReader.namespaceInode(pid: $0, "user") }
                + pids.dropFirst().compactMap { ProcReader.namespaceInode(pid: $0, "uts") }
        }) { child in
            let innerPID = try #require(child.descendants().first)
            let snapshot = try sampler.sample()
            let byInode = Dictionary(uniqueKeysWithValues: snapshot.namespaces.map { ($0.id.ino, $0) })
            let outerUser = try #require(byInode[try inode(child.pid, "user")])
            let innerUser = try #require(byInode[try inode(innerPID, "user")])
            let innerUTS = try #require(byInode[try inode(innerPID, "uts")])
            let hostUser = try inode(me, "user")
            #expect(outerUser.id.ino != hostUser)
            #expect(outerUser.processCount == 1)
            #expect(innerUser.processCount == 1)
            #expect(outerUser.parent?.id?.ino == hostUser)
            #expect(innerUser.parent?.id?.ino == outerUser.id.ino)
            #expect(innerUser.owner.id?.ino == outerUser.id.ino)
            #expect(innerUTS.owner.id?.ino == innerUser.id.ino)
            #expect(outerUser.creatorUID == 65534)
            #expect(innerUser.creatorUID == 65534)
            #expect(byInode[hostUser]?.parent == RelatedNamespace.none)
            // Both user namespaces and the inner uts are charged to uid 65534.
            #expect((snapshot.ownedByUID[.user]?[65534] ?? 0) >= 2)
            #expect((snapshot.ownedByUID[.uts]?[65534] ?? 0) >= 1)
            // A second sample carrying the first's answers over says the same.
            let again = try sampler.sample(previous: snapshot)
            for ino in [outerUser.id.ino, innerUser.id.ino, innerUTS.id.ino, hostUser] {
                let first = byInode[ino]
                let second = again.namespaces.first { $0.id.ino == ino }
                #expect(second?.owner == first?.owner)
                #expect(second?.parent == first?.parent)
                #expect(second?.creatorUID == first?.creatorUID)
            }
        }
    }

    @Test func namespaceReachedOnlyThroughTimeForChildrenHasNoMembers() throws {
        // unshare(CLONE_NEWTIME) moves only future children; without exec or
        // fork the new namespace has no member at all.
        let script = "import ctypes, signal; assert ctypes.CDLL(None).unshare(0x80) == 0; print('ready', flush=True); signal.pause()"
        try withWorkload(["python3", "-c", script], made: { child in
            [ProcReader.namespaceInode(pid: child.pid, "time_for_children")].compactMap { $0 }
        }) { child in
            let ino = try inode(child.pid, "time_for_children")
            #expect(ino != (try inode(child.pid, "time")))
            let snapshot = try sampler.sample()
            let found = try #require(snapshot.namespaces.first { $0.id.ino == ino })
            #expect(found.type == .time)
            #expect(found.processCount == 0)
            #expect(found.leader == nil)
        }
    }

    /// A process the test puts in a cgroup named as Docker names them is
    /// attributed to that container (cgroup v1 `pids/docker/<id>`, or v2
    /// `docker-<id>.scope`).
    @Test func leaderInADockerCgroupIsAttributedToTheContainer() throws {
        let id = (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 16) }
            .map { String(repeating: "0", count: 16 - $0.count) + $0 }.joined()
        let v2 = access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0
        let wanted = v2 ? ["/sys/fs/cgroup/docker-\(id).scope"] : ["/sys/fs/cgroup/pids/docker", "/sys/fs/cgroup/pids/docker/\(id)"]
        // Remove only what this test made (a real Docker host has pids/docker already).
        let made = wanted.filter { mkdir($0, 0o755) == 0 }
        defer {
            for directory in made.reversed() { rmdir(directory) }
            #expect(made.allSatisfy { access($0, F_OK) != 0 }, "cgroup left behind")
        }
        try #require(access(wanted.last!, F_OK) == 0, "cannot make a cgroup here")
        try withWorkload(["unshare", "--uts", "--", "sh", "-c", "echo ready; exec sleep 1000"], made: { child in
            [ProcReader.namespaceInode(pid: child.pid, "uts")].compactMap { $0 }
        }) { child in
            let procs = wanted.last! + "/cgroup.procs"
            try #require(Command.run(["sh", "-c", "echo \(child.pid) > \(procs)"]).status == 0)
            let snapshot = try sampler.sample()
            let uts = try #require(snapshot.namespaces.first { $0.id.ino == (try? inode(child.pid, "uts")) })
            #expect(uts.containers == [ContainerAttribution(runtime: "docker", containerID: id)])
        }
    }

    /// An exited process not yet reaped keeps only its user and pid links;
    /// it is in no namespace, and what only it holds is not listed.
    @Test func zombiesAreInNoNamespace() throws {
        let script = """
            import ctypes, os, signal, time
            child = os.fork()
            if child == 0:
                ctypes.CDLL(None).unshare(0x10000000)
                os._exit(0)
            time.sleep(0.3)
            print(child, flush=True)
            signal.pause()
            """
        let parent = try ChildProcess(["python3", "-c", script])
        defer { #expect(parent.killTree().isEmpty) }
        let zombie = try #require(parent.readLine().flatMap { pid_t($0) })
        try #require(ProcReader.state(of: zombie) == "Z")
        let userNS = try inode(zombie, "user")
        #expect(ProcReader.namespaceInode(pid: zombie, "mnt") == nil)
        let snapshot = try sampler.sample()
        #expect(!snapshot.processes.contains { $0.pid == zombie })
        #expect(!snapshot.namespaces.contains { $0.id.ino == userNS })
        #expect(snapshot.processCounts.vanished >= 1)
    }

    /// lsns (util-linux) as the oracle: everything it lists we list, with the
    /// same type, and the same NPROCS where membership held still around it.
    @Test func agreesWithLsns() throws {
        let script = "sleep 1000 & sleep 1000 & echo ready; wait"
        let arguments = ["unshare", "--net", "--uts", "--ipc", "--mount", "--cgroup", "--pid", "--fork", "--", "sh", "-c", script]
        try withWorkload(arguments, made: { child in
            guard let shell = child.descendants().first else { return [] }
            return ["net", "uts", "ipc", "mnt", "cgroup", "pid"].compactMap { ProcReader.namespaceInode(pid: shell, $0) }
        }) { child in
            let before = try sampler.sample()
            // Spawned directly (no shell): lsns itself is the one extra member
            // it counts, in the namespaces it shares with this test process.
            let lsns = try ChildProcess(["lsns", "-J", "-o", "NS,TYPE,NPROCS,PID"])
            let output = lsns.readToEnd()
            #expect(lsns.killTree().isEmpty)
            let after = try sampler.sample()
            let listed = try JSONDecoder().decode(LsnsOutput.self, from: Data(output.utf8)).namespaces
            let mine = Set(try NamespaceType.allCases.map { try inode(me, $0.rawValue) })
            // lsns counts zombies (in the user and pid namespaces they still
            // name); we do not. Count them independently to compare.
            let zombies = ProcReader.zombieNamespaceCounts()
            let ours = Dictionary(uniqueKeysWithValues: before.namespaces.map { ($0.id.ino, $0) })
            let later = Dictionary(uniqueKeysWithValues: after.namespaces.map { ($0.id.ino, $0) })
            var compared = 0
            for entry in listed {
                let zombieMembers = zombies[entry.ns] ?? 0
                guard let found = ours[entry.ns] else {
                    if zombieMembers > 0 { continue }  // held only by zombies
                    // Made and gone between our sample and lsns's: only then may it be missing.
                    #expect(later[entry.ns] == nil, "lsns lists \(entry.type):\(entry.ns), we do not")
                    continue
                }
                #expect(found.type.rawValue == entry.type)
                if later[entry.ns]?.processCount == found.processCount {
                    let lsnsItself = mine.contains(entry.ns) ? 1 : 0
                    #expect(entry.nprocs == found.processCount + lsnsItself + zombieMembers, "NPROCS of \(entry.type):\(entry.ns)")
                    compared += 1
                }
            }
            let made = try ["net", "uts", "ipc", "mnt", "cgroup", "pid"].map { try inode(child.descendants()[0], $0) }
            #expect(made.allSatisfy { ino in listed.contains { $0.ns == ino } }, "lsns does not see the test's namespaces")
            #expect(compared >= made.count)
        }
    }

    struct LsnsOutput: Decodable {
        struct Entry: Decodable {
            var ns: UInt64
            var type: String
            var nprocs: Int
        }
        var namespaces: [Entry]
    }
}
