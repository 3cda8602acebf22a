import NamespaceKit
import Testing
@testable import NamespaceExporter

struct NamespaceTreeTests {
    @Test func drawsUserAndPidHierarchies() {
        func id(_ ino: UInt64) -> NamespaceID { NamespaceID(dev: 4, ino: ino) }
        let namespaces = [
            Namespace(id: id(10), type: .user, processCount: 5, leader: .init(pid: 1, comm: "init"), owner: .none, parent: nil, creatorUID: 0),
            Namespace(id: id(11), type: .user, processCount: 0, leader: nil, owner: .namespace(id(10)), parent: .namespace(id(10)),
                      creatorUID: 1000, holders: [.hierarchy: 1]),
            Namespace(id: id(12), type: .user, processCount: 1, leader: .init(pid: 40, comm: "app"), owner: .namespace(id(11)),
                      parent: .namespace(id(11)), creatorUID: 1000),
            Namespace(id: id(13), type: .user, processCount: 2, leader: .init(pid: 50, comm: "other"), owner: .namespace(id(10)),
                      parent: .namespace(id(10)), creatorUID: 0),
            Namespace(id: id(20), type: .pid, processCount: 5, leader: .init(pid: 1, comm: "init"), owner: .namespace(id(10)), parent: nil),
            Namespace(id: id(30), type: .net, processCount: 5, leader: nil, owner: .namespace(id(10))),
        ]
        let snapshot = Snapshot(timestamp: 0, duration: 0, namespaces: namespaces, processCounts: .init())
        #expect(NamespaceTree.render(snapshot) == """
            user 10 5 processes (1 init) uid 0
            ├─ user 11 0 processes uid 1000 held by hierarchy=1
            │  └─ user 12 1 process (40 app) uid 1000
            └─ user 13 2 processes (50 other) uid 0
            pid 20 5 processes (1 init)

            """)
    }
}
