import NamespaceTestSupport
import Testing
@testable import NamespaceKit

/// The sampler on the committed fake /proc: exact namespaces, counts and leaders.
struct FixtureSamplerTests {
    let snapshot: Snapshot

    init() throws {
        snapshot = try Sampler(procfs: ProcFS(root: Fixtures.procBasic)).sample()
    }

    func namespace(_ ino: UInt64) -> Namespace? {
        snapshot.namespaces.first { $0.id.ino == ino }
    }

    @Test func findsEveryNamespaceWithItsTypeAndMembers() {
        let found = snapshot.namespaces.map { "\($0.type.rawValue):\($0.id.ino)=\($0.processCount)" }
        #expect(found == [
            "cgroup:4026531835=5", "cgroup:4026532203=1",
            "ipc:4026531839=3", "ipc:4026532202=3",
            "mnt:4026531840=5", "mnt:4026532310=1",
            "net:4026531992=3", "net:4026532200=3", "net:4026532500=0", "net:4026532600=0", "net:4026532700=0",
            "pid:4026531836=5", "pid:4026532301=1", "pid:4026532400=0",
            "time:4026531834=6", "time:4026532401=0",
            "user:4026531837=5", "user:4026532300=1",
            "uts:4026531838=3", "uts:4026532201=3",
        ])
    }

    @Test func leaderIsTheLowestPidWithItsComm() {
        #expect(namespace(4026532200)?.leader == Namespace.Leader(pid: 42, comm: "nginx"))
        #expect(namespace(4026531835)?.leader == Namespace.Leader(pid: 1, comm: "systemd"))
        #expect(namespace(4026532300)?.leader == Namespace.Leader(pid: 100, comm: "sandbox"))
        #expect(namespace(4026532203)?.leader == Namespace.Leader(pid: 44, comm: "ngin\"x\\esc"))
    }

    /// Pid 42 and pid 43 are two Docker containers sharing one network
    /// namespace (`--network container:`); 44 has no cgroup file.
    @Test func containersComeFromEveryMembersCgroup() {
        let first = "4f1f2cbd5a1b7a6c9e0d3b8a2f6e4c1d7b9a0e3f5c8d2b6a1e4f7c0d3b9a8e2f"
        let second = "9c0ffee05a1b7a6c9e0d3b8a2f6e4c1d7b9a0e3f5c8d2b6a1e4f7c0d3b9a8e2f"
        #expect(namespace(4026532200)?.containers == [
            ContainerAttribution(runtime: "docker", containerID: first), ContainerAttribution(runtime: "docker", containerID: second),
        ])
        #expect(namespace(4026532300)?.containers.map(\.podUID) == ["1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901"])
        #expect(namespace(4026531835)?.unit == "init.scope")
        #expect(namespace(4026531835)?.containers.count == 3, "the host's cgroup namespace has both Docker containers and the pod's")
        #expect(namespace(4026532203)?.containers == [], "pid 44 has no cgroup file")
        #expect(namespace(4026532203)?.unit == nil)
    }

    @Test func namespacesHeldByAnFdOrABindMountAreFound() {
        #expect(namespace(4026532500)?.holders == [.fd: 1])
        #expect(namespace(4026532500)?.fdOwners == [101], "pid 101's fd 3")
        #expect(namespace(4026532600)?.fdOwners == [])
        #expect(namespace(4026532600)?.holders == [.bindmount: 1])
        #expect(namespace(4026532600)?.mountPoints == ["/run/netns/blue sky"])
        #expect(namespace(4026532200)?.holders == [.process: 3])
        #expect(namespace(4026532400)?.holders == [.process: 1], "pid_for_children of pid 101")
        #expect(namespace(4026532500)?.isPinned == true)
    }

    /// pid 42 has two threads; thread 45 moved to net 4026532700.
    @Test func threadsAreCountedWhereTheyAre() {
        #expect(namespace(4026532700)?.holders == [.thread: 1])
        #expect(namespace(4026532700)?.threadCount == 1)
        #expect(namespace(4026532200)?.threadCount == 1, "42's other thread stayed; 43 and 44 have no task directory")
        #expect(namespace(4026532201)?.threadCount == 2, "both threads of 42 share its uts")
    }

    @Test func staleNetnsEntriesArePlainFiles() {
        #expect(NetnsDirectory.staleEntries(in: Fixtures.netnsBasic) == ["stale-one"])
        #expect(NetnsDirectory.staleEntries(in: Fixtures.path("Tests/Fixtures/no-such-dir")) == nil)
    }

    @Test func childrenOnlyNamespacesAreListedWithoutMembers() {
        #expect(namespace(4026532400)?.leader == nil)
        #expect(namespace(4026532401)?.type == .time)
    }

    @Test func emptyPidDirectoryCountsAsVanished() {
        #expect(snapshot.processCounts == Snapshot.ProcessCounts(scanned: 6, vanished: 1, unreadable: 0))
    }

    /// Fixture links are dangling symlinks: the ioctls cannot be asked, so
    /// owner and parent are unknown, never a failure.
    @Test func relationsAreUnknownWhenNamespacesCannotBeOpened() {
        #expect(snapshot.namespaces.allSatisfy { $0.owner == .unknown })
        #expect(namespace(4026532301)?.parent == .unknown)
        #expect(namespace(4026532200)?.parent == nil)
    }

    /// Facts that cannot change are carried over from the previous sample,
    /// but only while the same leader holds the namespace.
    @Test func previousAnswersAreReusedOnlyForTheSameLeader() throws {
        var previous = snapshot
        let owner = NamespaceID(dev: 4, ino: 4026531837)
        for index in previous.namespaces.indices {
            switch previous.namespaces[index].id.ino {
            case 4026532200:  // leader 42 in both samples
                previous.namespaces[index].owner = .namespace(owner)
            case 4026532301:  // the pid namespace, but another leader then
                previous.namespaces[index].owner = .namespace(owner)
                previous.namespaces[index].parent = RelatedNamespace.none
                previous.namespaces[index].leader = .init(pid: 999, comm: "gone")
            default: break
            }
        }
        let next = try Sampler(procfs: ProcFS(root: Fixtures.procBasic)).sample(previous: previous)
        let byInode = Dictionary(uniqueKeysWithValues: next.namespaces.map { ($0.id.ino, $0) })
        #expect(byInode[4026532200]?.owner == .namespace(owner))
        #expect(byInode[4026532301]?.owner == .unknown)
        #expect(byInode[4026532301]?.parent == .unknown)
        #expect(byInode[4026531992]?.owner == .unknown, "unknown answers are asked again")
    }

    @Test func missingRootIsATypedError() {
        #expect(throws: ProcFSError.self) {
            try Sampler(procfs: ProcFS(root: Fixtures.path("Tests/Fixtures/no-such-proc"))).sample()
        }
    }
}
