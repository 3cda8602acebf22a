import NamespaceKit

/// Realistic /proc files, the size the sampler meets on a busy host, so the
/// numbers say what one file costs. Each is checked to parse cleanly before
/// it is measured: a benchmark of the error path would mislead.
enum ProcInputs {
    /// `/proc/PID/stat` with a comm holding a space and a parenthesis, as the
    /// parser must find the last `)`.
    static let stat =
        "4242 (tmux: srv) x) S 1 4242 4242 0 -1 4194368 2513 0 0 0 145 87 0 0 20 0 3 0 1234567 "
            + "12288000 1024 18446744073709551615 94443010000 94443012000 140722300000 0 0 0 0 4096 "
            + "134433283 0 0 0 17 1 0 0 0 0 0 94443014000 94443015000 94443016000 140722300100 "
            + "140722300200 140722300200 140722300300 0\n"

    /// This process's own status file (≈55 lines): the real layout of the running kernel.
    static func ownStatus() -> String {
        guard case .success(let bytes) = ProcFS.readFile("/proc/self/status") else { fatalError("cannot read /proc/self/status") }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A container host's mountinfo: system mounts, 20 overlay roots of
    /// containers and 4 nsfs bind mounts (one with an escaped space): 40 lines.
    static let mountinfo: String = {
        var lines = [
            "22 1 253:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw,errors=remount-ro",
            "23 22 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw",
            "24 22 0:23 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw",
            "25 22 0:5 / /dev rw,nosuid,relatime shared:2 - devtmpfs udev rw,size=4014032k,nr_inodes=1003508,mode=755",
            "26 25 0:24 / /dev/pts rw,nosuid,noexec,relatime shared:3 - devpts devpts rw,gid=5,mode=620,ptmxmode=000",
            "27 22 0:25 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw,size=807784k,mode=755",
            "28 23 0:6 / /sys/kernel/security rw,nosuid,nodev,noexec,relatime shared:8 - securityfs securityfs rw",
            "29 25 0:26 / /dev/shm rw,nosuid,nodev shared:4 - tmpfs tmpfs rw",
            "30 27 0:27 / /run/lock rw,nosuid,nodev,noexec,relatime shared:6 - tmpfs tmpfs rw,size=5120k",
            "31 23 0:28 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot",
            "32 23 0:29 / /sys/fs/pstore rw,nosuid,nodev,noexec,relatime shared:10 - pstore pstore rw",
            "33 23 0:30 / /sys/fs/bpf rw,nosuid,nodev,noexec,relatime shared:11 - bpf bpf rw,mode=700",
            "34 24 0:31 / /proc/sys/fs/binfmt_misc rw,relatime shared:13 - autofs systemd-1 rw,fd=29,pgrp=1,timeout=0",
            "35 25 0:20 / /dev/mqueue rw,nosuid,nodev,noexec,relatime shared:14 - mqueue mqueue rw",
            "36 23 0:7 / /sys/kernel/debug rw,nosuid,nodev,noexec,relatime shared:15 - debugfs debugfs rw",
            "37 23 0:12 / /sys/kernel/tracing rw,nosuid,nodev,noexec,relatime shared:16 - tracefs tracefs rw",
        ]
        for index in 0..<20 {
            let layer = String(repeating: String(index % 10), count: 8) + "abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            lines.append(
                "\(100 + index) 22 0:\(60 + index) / /var/lib/docker/overlay2/\(layer)/merged rw,relatime shared:\(40 + index) - overlay overlay "
                    + "rw,lowerdir=/var/lib/docker/overlay2/l/ABCDEFGHIJ\(index):/var/lib/docker/overlay2/l/KLMNOPQRST,"
                    + "upperdir=/var/lib/docker/overlay2/\(layer)/diff,workdir=/var/lib/docker/overlay2/\(layer)/work")
        }
        lines += [
            "600 27 0:4 net:[4026532600] /run/netns/blue rw shared:500 - nsfs nsfs rw",
            "601 27 0:4 net:[4026532601] /run/netns/green\\040field rw shared:501 - nsfs nsfs rw",
            "602 27 0:4 net:[4026532602] /run/docker/netns/5f1b2c3d4e5f rw shared:502 - nsfs nsfs rw",
            "603 27 0:4 mnt:[4026532603] /run/snapd/ns/lxd.mnt rw - nsfs nsfs rw",
        ]
        return lines.joined(separator: "\n") + "\n"
    }()

    /// A Kubernetes container's cgroup v1 file: 13 hierarchies, one path each.
    static let cgroup: String = {
        let path = "/kubepods/burstable/pod0f5b4c3a-2d1e-4f6a-9b8c-7d6e5f4a3b2c/"
            + "3f4e5d6c7b8a99887766554433221100ffeeddccbbaa99887766554433221100"
        let controllers = [
            "blkio", "cpu,cpuacct", "cpuset", "devices", "freezer", "hugetlb", "memory",
            "misc", "net_cls,net_prio", "perf_event", "pids", "rdma", "name=systemd",
        ]
        return controllers.enumerated().map { "\(13 - $0.offset):\($0.element):\(path)\n" }.joined()
    }()

    /// A host's net/dev: loopback, two NICs, a bridge and a veth.
    static let netDev = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo: 98234512  412345    0    0    0     0          0         0 98234512  412345    0    0    0     0       0          0
          eth0: 8812345678 9123456  12   34    0     0          0      4567 1234567890 4567890    0    2    0     0       0          0
         wlan0:  4455667   23456    0    0    0     0          0        12   998877    8765    0    0    0     0       0          0
        docker0: 12345678   98765    0    0    0     0          0         0 87654321  123456    0    0    0     0       0          0
        veth1a2b3c4: 2345678   34567    0    0    0     0          0         0  3456789   45678    0    0    0     0       0          0

        """

    /// net/sockstat of a busy host.
    static let sockstat = """
        sockets: used 1873
        TCP: inuse 212 orphan 3 tw 148 alloc 260 mem 57
        UDP: inuse 14 mem 9
        UDPLITE: inuse 0
        RAW: inuse 1
        FRAG: inuse 0 memory 0

        """

    /// A rootless container's uid_map: root mapped to the user, then a subuid range.
    static let uidMap = "         0       1000          1\n         1     100000      65536\n"

    /// `readlink /proc/PID/ns/net`.
    static let nsLink = "net:[4026531840]"
}
