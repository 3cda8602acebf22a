#if canImport(Glibc)
import Glibc
#endif

/// Reads /proc directly, independently of the code under test, to know what
/// a test made (its oracle).
public enum ProcReader {
    /// The inode in `/proc/<pid>/ns/<name>`'s link, e.g. 4026531993 for `net:[4026531993]`.
    public static func namespaceInode(pid: pid_t, _ name: String) -> UInt64? {
        var buffer = [CChar](repeating: 0, count: 128)
        let count = readlink("/proc/\(pid)/ns/\(name)", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let target = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let open = target.firstIndex(of: "["), let close = target.firstIndex(of: "]") else { return nil }
        return UInt64(target[target.index(after: open)..<close])
    }

    public static func children(of pid: pid_t) -> [pid_t] {
        guard let text = readText("/proc/\(pid)/task/\(pid)/children") else { return [] }
        return text.split(separator: " ").compactMap { pid_t($0.trimmingCharacters()) }
    }

    /// The state letter of `/proc/<pid>/stat` (R, S, Z, …).
    public static func state(of pid: pid_t) -> Character? {
        guard let stat = readText("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].first { $0 != " " }
    }

    /// For every zombie now, the user and pid namespaces its links still
    /// name: how many zombies name each inode.
    public static func zombieNamespaceCounts() -> [UInt64: Int] {
        var counts: [UInt64: Int] = [:]
        guard let dir = opendir("/proc") else { return counts }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = direntName(entry)
            guard let pid = pid_t(name), state(of: pid) == "Z" else { continue }
            for link in ["user", "pid"] {
                if let ino = namespaceInode(pid: pid, link) { counts[ino, default: 0] += 1 }
            }
        }
        return counts
    }

    /// True while `/proc/<pid>` exists (a zombie still does).
    public static func exists(_ pid: pid_t) -> Bool {
        access("/proc/\(pid)", F_OK) == 0
    }

    public static func readText(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        return String(decoding: readStream(file), as: UTF8.self)
    }

    /// Everything left in a stdio stream (a file or a `popen` pipe).
    static func readStream(_ file: UnsafeMutablePointer<FILE>) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes += chunk[..<count]
        }
        return bytes
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> Substring {
        var copy = self
        while copy.last?.isWhitespace == true { copy.removeLast() }
        while copy.first?.isWhitespace == true { copy.removeFirst() }
        return copy
    }
}

/// Writes golden files when a test is asked to refresh them.
public enum TextFile {
    public static func write(_ text: String, to path: String) -> Bool {
        guard let file = fopen(path, "w") else { return false }
        defer { fclose(file) }
        let bytes = Array(text.utf8)
        return fwrite(bytes, 1, bytes.count, file) == bytes.count
    }
}

/// A `readdir` entry's name, read up to its NUL only: the kernel's record
/// may be shorter than `dirent`.
func direntName(_ entry: UnsafeMutablePointer<dirent>) -> String {
    let name = UnsafeRawPointer(entry).advanced(by: MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
    return String(cString: name.assumingMemoryBound(to: CChar.self))
}
