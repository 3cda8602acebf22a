/// Stage 1: read every process, count members per namespace, and let the
/// per-process stages (open fds) look at each process read.
struct ProcessDiscovery {
    var records: [ProcessRecord] = []
    var counts = Snapshot.ProcessCounts()
    var pidCounter: PidCounter?
    var parseErrors: [ProcParseError] = []
    /// The container of each process in one, from its cgroup.
    var containers = ProcessContainers()
    /// The systemd unit of each process read outside the host's mount
    /// namespace and in no container (the sampler adds the leaders').
    var units: [Int32: String] = [:]
    /// Seconds spent in each per-process stage, summed over processes.
    var stageSeconds: [String: Double] = [:]

    /// Reads every process; those `previous` saw whose pid cannot have been
    /// allocated since keep their start time and comm.
    mutating func scan(_ root: ProcRoot, previous: Snapshot?, fds: Bool, threads: Bool, sockets: Bool,
                       into found: inout FoundNamespaces) {
        pidCounter = root.pidCounter()
        var known: [Int32: ProcessRecord] = [:]
        if let previous, let before = previous.pidCounter, let now = pidCounter {
            known.reserveCapacity(previous.processes.count)
            for process in previous.processes where !now.mayHaveAllocated(process.pid, since: before) {
                known[process.pid] = process
            }
        }
        let pids = root.pids()
        records.reserveCapacity(pids.count)
        for pid in pids {
            switch root.readProcess(pid, known: known[pid]) {
            case .success(let record):
                counts.scanned += 1
                count(record, into: &found)
                records.append(record)
                if root.mayBeInContainer(record) {
                    let started = monotonicSeconds()
                    readCgroup(pid, root)
                    stageSeconds["cgroup", default: 0] += monotonicSeconds() - started
                }
                if fds { timed("fd") { FDDiscovery.scan(pid: pid, root, into: &found) } }
                if threads { timed("threads") { ThreadDiscovery.scan(record, root, into: &found) } }
                if sockets { timed("sockets") { SocketDiscovery.scan(record, root, into: &found) } }
            case .failure(.vanished): counts.vanished += 1
            case .failure(.unreadable): counts.unreadable += 1
            case .failure(.malformed(let error)): parseErrors.append(error)
            }
        }
    }

    mutating func readCgroup(_ pid: Int32, _ root: ProcRoot) {
        let (found, errors) = root.container(of: pid)
        parseErrors += errors
        containers.set(pid, found)
        if let unit = found?.unit { units[pid] = unit }
    }

    private mutating func timed(_ stage: String, _ body: () -> Void) {
        let started = monotonicSeconds()
        body()
        stageSeconds[stage, default: 0] += monotonicSeconds() - started
    }

    private func count(_ process: ProcessRecord, into found: inout FoundNamespaces) {
        for (index, slot) in NamespaceLinks.slots.enumerated() {
            guard let ino = process.links[slot: index] else { continue }
            found.add(NamespaceLink(type: slot.type, ino: ino), holder: .process, openPath: "\(process.pid)/ns/\(slot.name)")
            guard !slot.forChildren else { continue }
            found.byInode[ino]!.members += 1
            if found.byInode[ino]!.leader == nil {
                found.byInode[ino]!.leader = process
                // Open it through its leader: the process most likely to stay.
                found.byInode[ino]!.openPath = "\(process.pid)/ns/\(slot.name)"
            }
        }
    }
}
