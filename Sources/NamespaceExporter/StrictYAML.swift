import NamespaceKit

/// A config file error: where (`file: field.path`) and what is wrong.
public struct ConfigError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// The YAML reading both config files share. Unknown keys are errors, as in
/// blackbox_exporter and exporter-toolkit: a typo must not silently turn a
/// check or a protection off.
enum StrictYAML {
    /// The file's top-level value (nil: empty), or an error naming the file.
    static func load(path: String) throws(ConfigError) -> YAMLNode? {
        let text: String
        switch ProcFS.readFile(path) {
        case .success(let bytes): text = String(decoding: bytes, as: UTF8.self)
        case .failure(let error): throw ConfigError("cannot read \(path): \(error)")
        }
        do {
            return try parse(text)
        } catch {
            throw ConfigError("\(path): \(error)")
        }
    }

    static func parse(_ text: String) throws(ConfigError) -> YAMLNode? {
        do {
            return try YAMLParser.parse(text)
        } catch {
            throw ConfigError("not valid YAML: \(error)")
        }
    }

    /// The mapping's entries; a key given no value counts as absent.
    static func mapping(_ value: YAMLNode, at: String, keys: Set<String>?) throws(ConfigError) -> [String: YAMLNode] {
        guard case .mapping(let entries) = value else { throw ConfigError("\(at): want a mapping") }
        if let keys, let unknown = entries.map(\.key).sorted().first(where: { !keys.contains($0) }) {
            throw ConfigError("\(at): unknown field \"\(unknown)\" (known: \(keys.sorted().joined(separator: ", ")))")
        }
        var map: [String: YAMLNode] = [:]
        for (key, value) in entries where value != .null { map[key] = value }
        return map
    }

    static func scalar(_ value: YAMLNode, at: String) throws(ConfigError) -> String {
        guard case .scalar(let text, _) = value else { throw ConfigError("\(at): want a single value") }
        return text
    }

    static func list(_ value: YAMLNode, at: String) throws(ConfigError) -> [String] {
        guard case .sequence(let items) = value else { throw ConfigError("\(at): want a list") }
        var texts: [String] = []
        for item in items { texts.append(try scalar(item, at: at)) }
        return texts
    }

    static func bool(_ value: YAMLNode, at: String) throws(ConfigError) -> Bool {
        guard let flag = value.bool else { throw ConfigError("\(at): want true or false") }
        return flag
    }
}
