/// Stage 2: open each namespace once through a process that reaches it and
/// ask the kernel for its device, owner, parent and creator.
struct HierarchyDiscovery {
    struct Answers {
        var dev: UInt64?
        var owner: RelatedNamespace = .unknown
        var parent: RelatedNamespace = .unknown
        var creatorUID: UInt32?
    }

    /// Answers for `found`, keyed by inode. A namespace that cannot be opened
    /// (its holder exited, no privilege, a fixture tree) stays unknown.
    static func answers(for found: [UInt64: ProcessDiscovery.Found], _ root: ProcRoot) -> [UInt64: Answers] {
        var answers: [UInt64: Answers] = [:]
        answers.reserveCapacity(found.count)
        for (ino, entry) in found {
            answers[ino] = ask(ino: ino, entry, root)
        }
        return answers
    }

    private static func ask(ino: UInt64, _ entry: ProcessDiscovery.Found, _ root: ProcRoot) -> Answers {
        var answers = Answers()
        guard case .success(let fd) = root.openFile("\(entry.holderPID)/ns/\(entry.holderLink)") else { return answers }
        let file = NamespaceFile(fd: fd)
        // The holder may have moved on since the scan: only trust the same inode.
        guard case .success(let id) = file.id(), id.ino == ino else { return answers }
        answers.dev = id.dev
        answers.owner = file.owner()
        if entry.type.isHierarchical { answers.parent = file.parent() }
        if entry.type == .user { answers.creatorUID = file.creatorUID() }
        return answers
    }
}
