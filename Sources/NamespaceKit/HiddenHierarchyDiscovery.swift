/// Stage: user and pid namespaces nothing holds but the namespaces below
/// them — ancestors (parents, owners) of what the other stages found, with
/// no member and no holder of their own. They are walked up through the
/// nsfs ioctls from a namespace that can be opened.
enum HiddenHierarchyDiscovery {
    static func scan(
        _ found: inout FoundNamespaces, answers: inout [UInt64: HierarchyDiscovery.Answers], _ root: ProcRoot
    ) {
        let startingPoints = answers.compactMap { ino, answer -> UInt64? in
            let related = [answer.owner.id?.ino, answer.parent.id?.ino].compactMap { $0 }
            return related.contains { found.byInode[$0] == nil } ? ino : nil
        }
        for ino in startingPoints {
            guard let path = found.byInode[ino]?.openPath, !path.isEmpty, case .success(let fd) = root.openFile(path) else { continue }
            walk(from: NamespaceFile(fd: fd), &found, &answers)
        }
    }

    private static func walk(
        from file: borrowing NamespaceFile, _ found: inout FoundNamespaces, _ answers: inout [UInt64: HierarchyDiscovery.Answers]
    ) {
        if let owner = file.openOwner() { visit(owner, &found, &answers) }
        if let parent = file.openParent() { visit(parent, &found, &answers) }
    }

    private static func visit(
        _ file: consuming NamespaceFile, _ found: inout FoundNamespaces, _ answers: inout [UInt64: HierarchyDiscovery.Answers]
    ) {
        guard case .success(let id) = file.id(), found.byInode[id.ino] == nil, let type = file.type() else { return }
        var entry = FoundNamespace(type: type, openPath: "")
        entry.holders[.hierarchy] = 1
        found.byInode[id.ino] = entry
        answers[id.ino] = HierarchyDiscovery.Answers(
            dev: id.dev, owner: file.owner(), parent: type.isHierarchical ? file.parent() : .unknown,
            creatorUID: type == .user ? file.creatorUID() : nil)
        walk(from: file, &found, &answers)
    }
}
