import NamespaceKit

/// A named probe, as in blackbox_exporter's modules: what to do and how long it may take.
public struct ProbeModule: Hashable, Sendable {
    public var name: String
    public var timeout: Duration
    public var prober: Prober

    public enum Prober: Hashable, Sendable {
        /// Create new namespaces of these types and check each one isolates.
        case create(CreateSettings)
        /// Join an existing namespace (the request's target) and look inside.
        case join(JoinSettings)
    }

    public init(name: String, timeout: Duration = .seconds(5), prober: Prober) {
        self.name = name
        self.timeout = timeout
        self.prober = prober
    }
}

public struct CreateSettings: Hashable, Sendable {
    public var types: Set<NamespaceType>
    /// Where the `mnt` check mounts its tmpfs (inside the new mount namespace).
    public var mountPoint: String
    /// The `time` check's CLOCK_MONOTONIC offset.
    public var monotonicOffsetSeconds: Int64
    /// The `user` check maps uid/gid 0 inside to these; nil: 65534 when run
    /// as root, else the caller's own ids (all an unprivileged user may map).
    public var mapUID: UInt32?
    public var mapGID: UInt32?

    public init(
        types: Set<NamespaceType>, mountPoint: String = "/tmp", monotonicOffsetSeconds: Int64 = 86_400,
        mapUID: UInt32? = nil, mapGID: UInt32? = nil
    ) {
        self.types = types
        self.mountPoint = mountPoint
        self.monotonicOffsetSeconds = monotonicOffsetSeconds
        self.mapUID = mapUID
        self.mapGID = mapGID
    }
}

public struct JoinSettings: Hashable, Sendable {
    /// The type of namespace joined: `net`, `uts` or `mnt`.
    public var type: NamespaceType
    /// net: TCP-connect to this address from inside (`host:port`, IP literal).
    public var connect: String?
    /// mnt: check that this path exists inside.
    public var path: String?

    public static let joinable: Set<NamespaceType> = [.net, .uts, .mnt]

    public init(type: NamespaceType, connect: String? = nil, path: String? = nil) {
        self.type = type
        self.connect = connect
        self.path = path
    }
}

extension ProbeModule {
    /// Modules that exist without a config file: one per type, `all`, and a
    /// join module per joinable type (`join_net`, `join_uts`, `join_mnt`).
    public static let defaults: [String: ProbeModule] = {
        var modules: [String: ProbeModule] = [:]
        for type in NamespaceType.allCases {
            modules[type.rawValue] = ProbeModule(name: type.rawValue, prober: .create(.init(types: [type])))
        }
        modules["all"] = ProbeModule(name: "all", prober: .create(.init(types: Set(NamespaceType.allCases))))
        for type in JoinSettings.joinable {
            let name = "join_\(type.rawValue)"
            modules[name] = ProbeModule(name: name, prober: .join(.init(type: type, path: type == .mnt ? "/" : nil)))
        }
        return modules
    }()
}
