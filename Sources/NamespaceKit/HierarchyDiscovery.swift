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
    ///
    /// Owner, parent and creator never change in a namespace's life, so a
    /// namespace the previous sample answered for, with the same inode and the
    /// same leader still in it, is not asked again: the ioctls are a third of
    /// a sample's cost. (Only a leader that left, let its namespace die and
    /// entered a new one that took the same inode could fool this.)
    static func answers(
        for found: [UInt64: FoundNamespace], reusing previous: Snapshot?, _ root: ProcRoot
    ) -> [UInt64: Answers] {
        var known: [UInt64: Namespace] = [:]
        if let previous {
            known.reserveCapacity(previous.namespaces.count)
            for namespace in previous.namespaces { known[namespace.id.ino] = namespace }
        }
        var answers: [UInt64: Answers] = [:]
        answers.reserveCapacity(found.count)
        for (ino, entry) in found {
            answers[ino] = known[ino].flatMap { reusable($0, for: entry) } ?? ask(ino: ino, entry, root)
        }
        return answers
    }

    /// The previous answers, if they are complete and the same leader holds the namespace.
    static func reusable(_ old: Namespace, for entry: FoundNamespace) -> Answers? {
        guard old.type == entry.type, let leader = entry.leader?.pid, old.leader?.pid == leader,
              old.owner != .unknown, old.parent != .unknown,
              entry.type != .user || old.creatorUID != nil
        else { return nil }
        return Answers(dev: old.id.dev, owner: old.owner, parent: old.parent ?? .unknown, creatorUID: old.creatorUID)
    }

    private static func ask(ino: UInt64, _ entry: FoundNamespace, _ root: ProcRoot) -> Answers {
        var answers = Answers()
        guard !entry.openPath.isEmpty, case .success(let fd) = root.openFile(entry.openPath) else { return answers }
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
