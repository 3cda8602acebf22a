/// A namespace's identity: the device and inode of its nsfs file.
///
/// Inodes are unique within nsfs and all namespaces share one nsfs device, so
/// the inode alone tells namespaces apart on one host; the device is kept so
/// the identity is the kernel's own.
public struct NamespaceID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var dev: UInt64
    public var ino: UInt64

    public init(dev: UInt64, ino: UInt64) {
        self.dev = dev
        self.ino = ino
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.ino, lhs.dev) < (rhs.ino, rhs.dev)
    }

    public var description: String { "\(ino)" }
}
