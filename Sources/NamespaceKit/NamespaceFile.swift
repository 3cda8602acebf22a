#if canImport(Glibc)
import Glibc
#endif
import CNamespaceShim
import SystemPackage

/// An open nsfs file and the questions the kernel answers about it (the
/// nsfs ioctls, through the C shim because `ioctl` is variadic).
struct NamespaceFile: ~Copyable {
    let fd: Int32

    init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    /// The `{dev, inode}` of the open file.
    func id() -> Result<NamespaceID, Errno> {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(Errno(rawValue: errno)) }
        return .success(NamespaceID(dev: UInt64(info.st_dev), ino: UInt64(info.st_ino)))
    }

    /// The owning user namespace.
    func owner() -> RelatedNamespace { related(cns_get_userns(fd)) }

    /// The parent of a pid or user namespace.
    func parent() -> RelatedNamespace { related(cns_get_parent(fd)) }

    /// The owning user namespace, opened; nil if the kernel will not say.
    func openOwner() -> NamespaceFile? {
        let result = cns_get_userns(fd)
        return result >= 0 ? NamespaceFile(fd: result) : nil
    }

    /// The parent, opened; nil at the root or for types without one.
    func openParent() -> NamespaceFile? {
        let result = cns_get_parent(fd)
        return result >= 0 ? NamespaceFile(fd: result) : nil
    }

    /// The type, as the kernel says (`NS_GET_NSTYPE`).
    func type() -> NamespaceType? { NamespaceType(cloneFlag: cns_get_nstype(fd)) }

    /// The uid that created this user namespace.
    func creatorUID() -> UInt32? {
        var uid: uid_t = 0
        return cns_get_owner_uid(fd, &uid) == 0 ? uid : nil
    }

    /// Turns an ioctl that returns a new fd into an answer: EPERM means the
    /// related namespace is above what the caller may see (the root of the
    /// tree), which is an answer, not a failure.
    private func related(_ result: Int32) -> RelatedNamespace {
        guard result >= 0 else { return errno == EPERM ? .none : .unknown }
        let file = NamespaceFile(fd: result)
        guard case .success(let id) = file.id() else { return .unknown }
        return .namespace(id)
    }
}
