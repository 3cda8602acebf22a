import NamespaceKit
import NamespaceProbe

/// `--config.file`: probe modules in YAML, blackbox_exporter style. Modules
/// named here replace the built-in ones of the same name; the rest stay.
///
/// ```yaml
/// modules:
///   net_fast:
///     prober: create          # new namespaces, checked for isolation
///     timeout: 2s
///     create:
///       namespaces: [net, uts]
///       mount_point: /tmp     # mnt: where the test tmpfs goes
///       monotonic_offset: 1d  # time: the CLOCK_MONOTONIC offset
///       map_uid: 65534        # user: uid 0 inside is this outside
///       map_gid: 65534
///   web_netns:
///     prober: join            # setns into the request's target
///     join:
///       namespace: net        # net, uts or mnt
///       connect: 10.0.0.1:80  # net: TCP connect from inside
///       path: /etc/hosts      # mnt: this path must exist
/// ```
/// Unknown keys are errors, as in blackbox_exporter: a typo must not
/// silently turn a check off.
public enum ProbeConfigFile {
    public static func load(path: String) throws(ConfigError) -> [String: ProbeModule] {
        let document = try StrictYAML.load(path: path)
        do {
            return try modules(document)
        } catch {
            throw ConfigError("\(path): \(error)")
        }
    }

    public static func parse(_ text: String) throws(ConfigError) -> [String: ProbeModule] {
        try modules(StrictYAML.parse(text))
    }

    private static func modules(_ document: YAMLNode?) throws(ConfigError) -> [String: ProbeModule] {
        var modules = ProbeModule.defaults
        guard let document else { return modules }
        let root = try StrictYAML.mapping(document, at: "the document", keys: ["modules"])
        guard let entries = root["modules"] else { return modules }
        for (name, value) in try StrictYAML.mapping(entries, at: "modules", keys: nil) {
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw ConfigError("module name \"\(name)\": use letters, digits, _ and -")
            }
            modules[name] = try module(name, value)
        }
        return modules
    }

    private static func module(_ name: String, _ value: YAMLNode) throws(ConfigError) -> ProbeModule {
        let at = "modules.\(name)"
        let fields = try StrictYAML.mapping(value, at: at, keys: ["prober", "timeout", "create", "join"])
        var timeout = Duration.seconds(5)
        if let text = fields["timeout"] {
            do {
                timeout = try DurationParser.parse(try StrictYAML.scalar(text, at: "\(at).timeout"))
            } catch let error as DurationParser.ParseError {
                throw ConfigError("\(at).timeout: \(error)")
            } catch {
                throw error as! ConfigError
            }
            guard timeout > .zero else { throw ConfigError("\(at).timeout must be above zero") }
        }
        switch try fields["prober"].map({ v throws(ConfigError) in try StrictYAML.scalar(v, at: "\(at).prober") }) {
        case "create":
            return ProbeModule(name: name, timeout: timeout, prober: .create(try createSettings(fields["create"], at: "\(at).create")))
        case "join":
            return ProbeModule(name: name, timeout: timeout, prober: .join(try joinSettings(fields["join"], at: "\(at).join")))
        case let other:
            throw ConfigError("\(at).prober: want create or join, got \(other.map { "\"\($0)\"" } ?? "nothing")")
        }
    }

    private static func createSettings(_ value: YAMLNode?, at: String) throws(ConfigError) -> CreateSettings {
        guard let value else { throw ConfigError("\(at): missing (at least namespaces: [...])") }
        let fields = try StrictYAML.mapping(value, at: at, keys: ["namespaces", "mount_point", "monotonic_offset", "map_uid", "map_gid"])
        guard case .sequence(let list)? = fields["namespaces"], !list.isEmpty else {
            throw ConfigError("\(at).namespaces: want a list of types, e.g. [net, uts]")
        }
        var types: Set<NamespaceType> = []
        for item in list {
            let name = try StrictYAML.scalar(item, at: "\(at).namespaces")
            guard let type = name == "all" ? nil : NamespaceType(rawValue: name) else {
                if name == "all" { types.formUnion(NamespaceType.allCases); continue }
                throw ConfigError("\(at).namespaces: unknown type \"\(name)\" (want \(NamespaceType.allCases.map(\.rawValue).joined(separator: ", ")) or all)")
            }
            types.insert(type)
        }
        var settings = CreateSettings(types: types)
        if let point = fields["mount_point"] {
            settings.mountPoint = try StrictYAML.scalar(point, at: "\(at).mount_point")
            guard settings.mountPoint.hasPrefix("/"), settings.mountPoint.utf8.count < 256 else {
                throw ConfigError("\(at).mount_point: want an absolute path")
            }
        }
        if let offset = fields["monotonic_offset"] {
            let text = try StrictYAML.scalar(offset, at: "\(at).monotonic_offset")
            guard let duration = try? DurationParser.parse(text), duration >= .seconds(1) else {
                throw ConfigError("\(at).monotonic_offset: want a duration of at least 1s, e.g. 1d")
            }
            settings.monotonicOffsetSeconds = duration.components.seconds
        }
        settings.mapUID = try fields["map_uid"].map { v throws(ConfigError) in try id(v, at: "\(at).map_uid") }
        settings.mapGID = try fields["map_gid"].map { v throws(ConfigError) in try id(v, at: "\(at).map_gid") }
        return settings
    }

    private static func joinSettings(_ value: YAMLNode?, at: String) throws(ConfigError) -> JoinSettings {
        guard let value else { throw ConfigError("\(at): missing (at least namespace: net)") }
        let fields = try StrictYAML.mapping(value, at: at, keys: ["namespace", "connect", "path"])
        let name = try fields["namespace"].map { v throws(ConfigError) in try StrictYAML.scalar(v, at: "\(at).namespace") } ?? ""
        guard let type = NamespaceType(rawValue: name), JoinSettings.joinable.contains(type) else {
            throw ConfigError("\(at).namespace: want net, uts or mnt, got \"\(name)\"")
        }
        var settings = JoinSettings(type: type)
        if let connect = fields["connect"] {
            let text = try StrictYAML.scalar(connect, at: "\(at).connect")
            guard type == .net, SocketAddress(parsing: text) != nil else {
                throw ConfigError("\(at).connect: want an IP:port (e.g. 10.0.0.1:80 or [::1]:80) on a net module")
            }
            settings.connect = text
        }
        if let path = fields["path"] {
            let text = try StrictYAML.scalar(path, at: "\(at).path")
            guard type == .mnt, text.hasPrefix("/"), text.utf8.count < 256 else {
                throw ConfigError("\(at).path: want an absolute path on a mnt module")
            }
            settings.path = text
        }
        return settings
    }

    private static func id(_ value: YAMLNode, at: String) throws(ConfigError) -> UInt32 {
        guard case .scalar(let text, quoted: false) = value, let id = UInt32(text), id != UInt32.max else {
            throw ConfigError("\(at): want a uid/gid number")
        }
        return id
    }
}
