/// Stage 3: the name of each namespace's leader, read once per distinct pid.
enum LeaderDiscovery {
    static func comms(of pids: some Sequence<Int32>, _ root: ProcRoot) -> [Int32: String] {
        var comms: [Int32: String] = [:]
        for pid in pids where comms[pid] == nil {
            guard case .success(let bytes) = root.read("\(pid)/stat", limit: 1024),
                  let stat = try? ProcessStat(parsing: bytes)
            else { continue }
            comms[pid] = stat.comm
        }
        return comms
    }
}
