/// The annotations an OCI runtime keeps in its state directory
/// (`<root>/<container id>/`), parsed from the file's bytes:
/// - runc (and containerd's runc shim, `--root /run/containerd/runc/<ns>`)
///   writes `state.json`, whose `config.labels` are the bundle's annotations
///   as `key=value` strings, with `bundle=<dir>` among them;
/// - crun keeps a copy of the bundle's `config.json`, with `annotations` as
///   an object.
public enum OCIRuntimeState {
    /// The state files, in the order they are tried.
    public static let files = ["state.json", "config.json"]

    /// The annotations in `file` (one of `files`).
    public static func annotations(file: String, _ bytes: [UInt8]) throws(ProcParseError) -> [(String, String)] {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw ProcParseError(file, .missing("JSON document (\(error))"))
        }
        switch file {
        case "state.json":
            guard let labels = document["config"]?["labels"]?.array else { throw ProcParseError(file, .missing("config.labels")) }
            return labels.compactMap(\.string).compactMap { label in
                guard let equals = label.firstIndex(of: "=") else { return nil }
                return (String(label[..<equals]), String(label[label.index(after: equals)...]))
            }
        default:
            guard let annotations = document["annotations"] else { return [] }  // a bundle may have none
            guard case .object(let members) = annotations else { throw ProcParseError(file, .missing("annotations object")) }
            return members.compactMap { key, value in value.string.map { (key, $0) } }
        }
    }
}
