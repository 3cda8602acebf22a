import NamespaceKit
import Yams

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
    static func load(path: String) throws(ConfigError) -> Any? {
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

    static func parse(_ text: String) throws(ConfigError) -> Any? {
        do {
            return try Yams.load(yaml: text)
        } catch {
            throw ConfigError("not valid YAML: \(error)")
        }
    }

    static func mapping(_ value: Any, at: String, keys: Set<String>?) throws(ConfigError) -> [String: Any] {
        guard let map = value as? [String: Any] else { throw ConfigError("\(at): want a mapping") }
        if let keys, let unknown = map.keys.sorted().first(where: { !keys.contains($0) }) {
            throw ConfigError("\(at): unknown field \"\(unknown)\" (known: \(keys.sorted().joined(separator: ", ")))")
        }
        return map
    }

    static func scalar(_ value: Any, at: String) throws(ConfigError) -> String {
        switch value {
        case let text as String: return text
        case let number as Int: return String(number)
        default: throw ConfigError("\(at): want a single value")
        }
    }

    static func list(_ value: Any, at: String) throws(ConfigError) -> [String] {
        guard let items = value as? [Any] else { throw ConfigError("\(at): want a list") }
        var texts: [String] = []
        for item in items { texts.append(try scalar(item, at: at)) }
        return texts
    }

    static func bool(_ value: Any, at: String) throws(ConfigError) -> Bool {
        guard let flag = value as? Bool else { throw ConfigError("\(at): want true or false") }
        return flag
    }
}
