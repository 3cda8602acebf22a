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
            "cgroup:4026531835=6",
            "ipc:4026531839=3", "ipc:4026532202=3",
            "mnt:4026531840=5", "mnt:4026532310=1",
            "net:4026531992=3", "net:4026532200=3",
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
    }

    @Test func childrenOnlyNamespacesAreListedWithoutMembers() {
        #expect(namespace(4026532400)?.leader == nil)
        #expect(namespace(4026532401)?.type == .time)
    }

    @Test func emptyPidDirectoryCountsAsVanished() {
        #expect(snapshot.processes == Snapshot.ProcessCounts(scanned: 6, vanished: 1, unreadable: 0))
    }

    /// Fixture links are dangling symlinks: the ioctls cannot be asked, so
    /// owner and parent are unknown, never a failure.
    @Test func relationsAreUnknownWhenNamespacesCannotBeOpened() {
        #expect(snapshot.namespaces.allSatisfy { $0.owner == .unknown })
        #expect(namespace(4026532301)?.parent == .unknown)
        #expect(namespace(4026532200)?.parent == nil)
    }

    @Test func missingRootIsATypedError() {
        #expect(throws: ProcFSError.self) {
            try Sampler(procfs: ProcFS(root: Fixtures.path("Tests/Fixtures/no-such-proc"))).sample()
        }
    }
}
