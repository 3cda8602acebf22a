import CNamespaceShim
#if canImport(Glibc)
import Glibc
#endif

/// Reads files from inside namespaces that no process of ours is in: a
/// thread of its own `setns`es into each (net, uts and ipc may be joined by
/// one thread of a multi-threaded process), reads, and goes back. The
/// thread ends after the batch, so one that could not go back leaves nothing.
enum NamespaceVisit {
    struct Target {
        var ino: UInt64
        var type: NamespaceType
        /// Under the procfs root: `1234/ns/uts`, `1234/fd/7`, `1/root/run/netns/x`.
        var openPath: String
    }

    /// `read` runs inside each target's namespace with the procfs root (read
    /// `thread-self/…`); it returns the target's stats or throws why not.
    /// Needs CAP_SYS_ADMIN and a procfs that shows this process.
    static func run(
        _ targets: [Target], root: ProcRoot, read: @escaping (Target, ProcRoot) throws(VisitFailure) -> NamespaceStats
    ) -> [UInt64: Result<NamespaceStats, VisitFailure>] {
        guard !targets.isEmpty else { return [:] }
        let box = Batch(targets: targets, root: root, read: read)
        guard runOnOwnThread({ box.run() }) else {
            return Dictionary(uniqueKeysWithValues: targets.map { ($0.ino, .failure(VisitFailure("no thread for setns"))) })
        }
        return box.results
    }

    private final class Batch {
        let targets: [Target]
        let root: ProcRoot
        let read: (Target, ProcRoot) throws(VisitFailure) -> NamespaceStats
        var results: [UInt64: Result<NamespaceStats, VisitFailure>] = [:]

        init(targets: [Target], root: ProcRoot, read: @escaping (Target, ProcRoot) throws(VisitFailure) -> NamespaceStats) {
            self.targets = targets
            self.root = root
            self.read = read
        }

        func run() {
            var home: [NamespaceType: Int32] = [:]
            defer { for fd in home.values { close(fd) } }
            for type in Set(targets.map(\.type)) {
                let fd = openat(root.fd, "thread-self/ns/\(type.rawValue)", O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else {
                    for target in targets where target.type == type { results[target.ino] = .failure(VisitFailure("thread-self/ns/\(type.rawValue): \(errnoText())")) }
                    continue
                }
                home[type] = fd
            }
            for target in targets {
                guard let back = home[target.type] else { continue }
                let fd = openat(root.fd, target.openPath, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else {
                    results[target.ino] = .failure(VisitFailure("\(target.openPath): \(errnoText())"))
                    continue
                }
                let joined = cns_setns(fd, target.type.cloneFlag)
                let joinError = errnoText()
                close(fd)
                guard joined == 0 else {
                    results[target.ino] = .failure(VisitFailure("setns \(target.type.rawValue): \(joinError)"))
                    continue
                }
                do throws(VisitFailure) {
                    results[target.ino] = .success(try read(target, root))
                } catch {
                    results[target.ino] = .failure(error)
                }
                guard cns_setns(back, target.type.cloneFlag) == 0 else {
                    // Stranded: the rest of the batch would read the wrong namespace. The thread ends here.
                    for rest in targets where results[rest.ino] == nil { results[rest.ino] = .failure(VisitFailure("could not return from a namespace")) }
                    return
                }
            }
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

public struct VisitFailure: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` on a new thread and waits for it to end.
func runOnOwnThread(_ body: @escaping () -> Void) -> Bool {
    final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    var thread = pthread_t()
    guard pthread_create(&thread, nil, { raw in
        Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
        return nil
    }, box) == 0 else {
        Unmanaged<Box>.fromOpaque(box).release()
        return false
    }
    pthread_join(thread, nil)
    return true
}
