import CNamespaceShim
import Glibc
import Testing
@testable import NamespaceKit

struct NamespaceIdentityTests {
    @Test func identityIsDeviceAndInode() {
        let a = NamespaceID(dev: 4, ino: 4026531993)
        #expect(a == NamespaceID(dev: 4, ino: 4026531993))
        #expect(a != NamespaceID(dev: 5, ino: 4026531993))
        #expect(a != NamespaceID(dev: 4, ino: 4026531994))
        #expect(Set([a, NamespaceID(dev: 4, ino: 4026531993)]).count == 1)
        #expect(NamespaceID(dev: 9, ino: 1) < NamespaceID(dev: 1, ino: 2))
    }

    @Test func everyTypeHasItsProcLinkName() {
        #expect(NamespaceType.allCases.map(\.rawValue) == ["cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"])
        #expect(NamespaceType.allCases.filter(\.isHierarchical) == [.pid, .user])
    }

    /// The kernel's own answer (NS_GET_NSTYPE on /proc/self/ns/<type>) is the
    /// oracle for the CLONE_NEW* flag of each type.
    @Test(arguments: NamespaceType.allCases)
    func cloneFlagMatchesTheKernel(type: NamespaceType) throws {
        let fd = open("/proc/self/ns/\(type.rawValue)", O_RDONLY | O_CLOEXEC)
        try #require(fd >= 0)
        defer { close(fd) }
        let kernelFlag = cns_get_nstype(fd)
        #expect(kernelFlag == type.cloneFlag)
        #expect(NamespaceType(cloneFlag: kernelFlag) == type)
    }

    @Test func unknownCloneFlagHasNoType() {
        #expect(NamespaceType(cloneFlag: 0x11) == nil)
    }
}
