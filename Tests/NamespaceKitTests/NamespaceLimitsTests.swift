import Glibc
import NamespaceTestSupport
import Testing
@testable import NamespaceKit

struct NamespaceLimitsTests {
    @Test func limitsComeFromSysUser() throws {
        let limits = try ProcFS(root: Fixtures.procBasic).open().namespaceLimits()
        #expect(limits.count == 8)
        #expect(limits[.net] == 1000)
        #expect(limits[.uts] == 63936)
    }

    @Test func liveLimitsMatchTheKernel() throws {
        let limits = try ProcFS(root: "/proc").open().namespaceLimits()
        for type in NamespaceType.allCases {
            let text = try #require(ProcReader.readText("/proc/sys/user/max_\(type.rawValue)_namespaces"))
            #expect(limits[type] == Int(text.split(separator: "\n")[0]))
        }
    }

    /// A user namespace is charged to its creator; the others to the creator
    /// of the user namespace that owns them; initial namespaces to nobody.
    @Test func ownedNamespacesAreChargedToCreators() {
        let dev: UInt64 = 4
        let hostUser = NamespaceID(dev: dev, ino: 0xEFFF_FFFD)
        let sandboxUser = NamespaceID(dev: dev, ino: 4026532300)
        let namespaces = [
            Namespace(id: hostUser, type: .user, processCount: 9, leader: nil, owner: .none, parent: RelatedNamespace.none, creatorUID: 0),
            Namespace(id: NamespaceID(dev: dev, ino: 0xEFFF_FFF9), type: .net, processCount: 9, leader: nil, owner: .namespace(hostUser)),
            Namespace(id: NamespaceID(dev: dev, ino: 4026532200), type: .net, processCount: 1, leader: nil, owner: .namespace(hostUser)),
            Namespace(id: sandboxUser, type: .user, processCount: 1, leader: nil, owner: .namespace(hostUser),
                      parent: .namespace(hostUser), creatorUID: 1000),
            Namespace(id: NamespaceID(dev: dev, ino: 4026532301), type: .net, processCount: 1, leader: nil, owner: .namespace(sandboxUser)),
            Namespace(id: NamespaceID(dev: dev, ino: 4026532302), type: .uts, processCount: 1, leader: nil, owner: .unknown),
        ]
        let snapshot = Snapshot(timestamp: 0, duration: 0, namespaces: namespaces, processCounts: .init())
        #expect(snapshot.ownedByUID == [.net: [0: 1, 1000: 1], .user: [1000: 1]])
    }
}
