#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

/// A procfs mount: `/proc` on a host, a fixture tree in tests. Every path the
/// sampler reads hangs off `root`, never off a literal `/proc`.
public struct ProcFS: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// Opens the root for one sample; the handle closes itself.
    public func open() throws(ProcFSError) -> ProcRoot {
        let fd = Glibc.open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw ProcFSError(path: root, errno: Errno(rawValue: errno)) }
        return ProcRoot(fd: fd, path: root)
    }
}

extension ProcFS {
    /// Reads a whole file outside procfs (a config file), at most `limit` bytes.
    public static func readFile(_ path: String, limit: Int = 1 << 20) -> Result<[UInt8], Errno> {
        // O_NONBLOCK: a FIFO put where a file was expected must not stall the reader.
        let file = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard file >= 0 else { return .failure(Errno(rawValue: errno)) }
        defer { close(file) }
        return readAll(file, limit: limit)
    }
}

public struct ProcFSError: Error, CustomStringConvertible {
    public var path: String
    public var errno: Errno
    public var description: String { "cannot open \(path): \(errno)" }
}

/// An open procfs root directory: the per-sample handle every read goes through.
/// Reads are relative to its fd (`openat`/`readlinkat`), the cheapest form.
public final class ProcRoot {
    let fd: Int32
    public let path: String
    /// The host's mount namespace: kthreadd's (pid 2, always in the initial
    /// namespaces), read once; nil where pid 2 cannot be seen (a fixture tree).
    public let hostMount: UInt64?

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
        if case .success(let link?) = readNamespaceLink(fd, "2/ns/mnt") { hostMount = link.ino } else { hostMount = nil }
    }

    deinit { close(fd) }

    /// The numeric entries of the root, in ascending order.
    public func pids() -> [Int32] {
        let dirfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dirfd >= 0, let dir = fdopendir(dirfd) else { return [] }
        defer { closedir(dir) }
        var pids: [Int32] = []
        while let entry = readdir(dir) {
            let pid = entryNumber(entry)
            if let pid, pid > 0, pid <= Int32.max { pids.append(Int32(pid)) }
        }
        pids.sort()
        return pids
    }

    /// Opens `relative` as an `O_PATH` directory handle (e.g. `1234/ns`).
    func openDirectory(_ relative: String) -> Result<Int32, Errno> {
        let dirfd = openat(fd, relative, O_PATH | O_DIRECTORY | O_CLOEXEC)
        return dirfd >= 0 ? .success(dirfd) : .failure(Errno(rawValue: errno))
    }

    /// Opens `relative` for reading (an nsfs file for its ioctls, a stat file).
    func openFile(_ relative: String) -> Result<Int32, Errno> {
        let file = openat(fd, relative, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        return file >= 0 ? .success(file) : .failure(Errno(rawValue: errno))
    }

    /// Reads at most `limit` bytes of `relative`. /proc files report size 0,
    /// so the size is not trusted; the cap keeps a hostile file bounded.
    public func read(_ relative: String, limit: Int = 4096) -> Result<[UInt8], Errno> {
        switch openFile(relative) {
        case .failure(let error): return .failure(error)
        case .success(let file):
            defer { close(file) }
            return readAll(file, limit: limit)
        }
    }
}

extension ProcRoot {
    /// The namespace a link such as `1234/ns/net` names; nil if unreadable.
    public func readLink(_ relative: String) -> NamespaceLink? {
        guard case .success(let link?) = relative.withCString({ readNamespaceLink(fd, $0) }) else { return nil }
        return link
    }
}

/// Reads `file` to its end or to `limit` bytes, whichever comes first. The
/// buffer starts small and doubles: most /proc files are a few hundred bytes,
/// and the limit only bounds a hostile or huge one.
func readAll(_ file: Int32, limit: Int) -> Result<[UInt8], Errno> {
    var bytes = [UInt8](repeating: 0, count: min(limit, 4096))
    var filled = 0
    while filled < limit {
        if filled == bytes.count { bytes += [UInt8](repeating: 0, count: min(bytes.count, limit - bytes.count)) }
        let got = bytes.withUnsafeMutableBytes { buffer in
            Glibc.read(file, buffer.baseAddress! + filled, buffer.count - filled)
        }
        if got < 0 {
            if errno == EINTR { continue }
            return .failure(Errno(rawValue: errno))
        }
        if got == 0 { break }
        filled += got
    }
    bytes.removeSubrange(filled...)
    return .success(bytes)
}

/// `readlinkat(dirfd, name)` into a small stack buffer, parsed as a namespace link.
func readNamespaceLink(_ dirfd: Int32, _ name: UnsafePointer<CChar>) -> Result<NamespaceLink?, Errno> {
    withLinkTarget(dirfd, name) { NamespaceLink(parsing: $0) }
}

/// `readlinkat` into a 64-byte stack buffer (an nsfs link always fits;
/// a longer target comes cut, which no caller needs whole), handed to `body`.
func withLinkTarget<T>(_ dirfd: Int32, _ name: UnsafePointer<CChar>, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> Result<T, Errno> {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
        let count = readlinkat(dirfd, name, UnsafeMutableRawPointer(buffer.baseAddress!)
            .assumingMemoryBound(to: CChar.self), 64)
        guard count >= 0 else { return .failure(Errno(rawValue: errno)) }
        return .success(body(UnsafeBufferPointer(rebasing: buffer[..<count])))
    }
}

/// `readNamespaceLink` for a link name known at compile time.
func readNamespaceLink(_ dirfd: Int32, _ name: StaticString) -> Result<NamespaceLink?, Errno> {
    // A StaticString literal's utf8Start is null-terminated: a C string as is.
    name.utf8Start.withMemoryRebound(to: CChar.self, capacity: name.utf8CodeUnitCount + 1) {
        readNamespaceLink(dirfd, $0)
    }
}

/// Linux's `O_PATH` (open for fd-relative lookups only); Glibc's module map
/// hides it behind `_GNU_SOURCE`.
let O_PATH: Int32 = 0o10_000_000

extension ProcFS {
    /// Whether `<root>/self` is the calling process: the root is procfs of
    /// the caller's own pid namespace (not a fixture, not another one's).
    public func showsCallingProcess() -> Bool {
        var buffer = [CChar](repeating: 0, count: 32)
        let count = readlink("\(root)/self", &buffer, buffer.count - 1)
        guard count > 0 else { return false }
        let target = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return target == String(getpid())
    }
}

/// The name of a `readdir` entry.
public func entryName(_ entry: UnsafeMutablePointer<dirent>) -> String {
    withEntryName(entry) { String(decoding: $0, as: UTF8.self) }
}

/// The name of a `readdir` entry as a number (a pid, a tid, an fd), if it is one.
func entryNumber(_ entry: UnsafeMutablePointer<dirent>) -> UInt64? {
    withEntryName(entry) { parseDecimal($0) }
}

/// The bytes of an entry's name, up to its NUL. The kernel's record may be
/// shorter than `dirent`: copying the whole `d_name` array would read past
/// it (AddressSanitizer caught that), so only the name's own bytes are read.
private func withEntryName<Result>(_ entry: UnsafeMutablePointer<dirent>, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    let name = UnsafeRawPointer(entry).advanced(by: MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
    return body(UnsafeBufferPointer(start: name.assumingMemoryBound(to: UInt8.self), count: strlen(name.assumingMemoryBound(to: CChar.self))))
}
