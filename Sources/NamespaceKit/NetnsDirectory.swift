#if canImport(Glibc)
import Glibc
#endif
import CNamespaceShim

/// `/run/netns` (what `ip netns` manages): each name should be an nsfs
/// bind mount; a plain file left there is a stale entry (`ip netns` lists
/// it, nothing holds a namespace through it).
public enum NetnsDirectory {
    static let nsfsMagic = 0x6E73_6673

    /// Names in `path` that are not nsfs mounts; nil when `path` cannot be read.
    public static func staleEntries(in path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var stale: [String] = []
        while let entry = readdir(dir) {
            let name = entryName(entry)
            guard name != ".", name != ".." else { continue }
            var info = statfs()
            if statfs("\(path)/\(name)", &info) != 0 || info.f_type != nsfsMagic { stale.append(name) }
        }
        return stale.sorted()
    }
}
