/// Stage 1: read every process and count members per namespace.
struct ProcessDiscovery {
    /// What the scan accumulates per namespace inode.
    struct Found {
        var type: NamespaceType
        var members = 0
        /// The member with the lowest pid (pids are scanned in ascending order).
        var leader: ProcessRecord?
        /// A process and link that reach the namespace, to open it later.
        var holderPID: Int32
        var holderSlot: NamespaceLinks.Slot
    }

    var found: [UInt64: Found] = [:]
    var records: [ProcessRecord] = []
    var counts = Snapshot.ProcessCounts()

    var pidCounter: PidCounter?

    /// Reads every process; those `previous` saw whose pid cannot have been
    /// allocated since keep their start time and comm.
    mutating func scan(_ root: ProcRoot, previous: Snapshot?) {
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
                count(record)
                records.append(record)
            case .failure(.vanished): counts.vanished += 1
            case .failure(.unreadable): counts.unreadable += 1
            }
        }
    }

    private mutating func count(_ process: ProcessRecord) {
        for (index, slot) in NamespaceLinks.slots.enumerated() {
            guard let ino = process.links[slot: index] else { continue }
            let member = !slot.forChildren
            if var entry = found[ino] {
                if member {
                    entry.members += 1
                    if entry.leader == nil {
                        entry.leader = process
                        entry.holderPID = process.pid
                        entry.holderSlot = slot
                    }
                }
                found[ino] = entry
            } else {
                found[ino] = Found(
                    type: slot.type, members: member ? 1 : 0, leader: member ? process : nil,
                    holderPID: process.pid, holderSlot: slot)
            }
        }
    }
}
