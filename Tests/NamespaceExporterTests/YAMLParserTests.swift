@testable import NamespaceExporter
import Testing
import Yams

/// The exporter's own YAML reader: literals with the nodes they must give,
/// the same documents read by Yams (a full YAML implementation) as the
/// oracle, and a clear error, with its line, for what it does not read.
struct YAMLParserTests {
    static func parse(_ text: String) throws(ConfigError) -> YAMLNode? { try YAMLParser.parse(text) }

    @Test func blockAndFlowCollections() throws {
        let node = try Self.parse("""
            # a comment
            modules:
              uts:
                prober: create   # trailing comment
                create: {namespaces: [uts, "net"], map_uid: 100000}
              list:
              - a
              - 'it''s'
              nested:
                - key: one
                  other: two
                -
                  - deep
            """)
        let expected = YAMLNode.mapping([
            ("modules", .mapping([
                ("uts", .mapping([
                    ("prober", .scalar("create", quoted: false)),
                    ("create", .mapping([
                        ("namespaces", .sequence([.scalar("uts", quoted: false), .scalar("net", quoted: true)])),
                        ("map_uid", .scalar("100000", quoted: false)),
                    ])),
                ])),
                ("list", .sequence([.scalar("a", quoted: false), .scalar("it's", quoted: true)])),
                ("nested", .sequence([
                    .mapping([("key", .scalar("one", quoted: false)), ("other", .scalar("two", quoted: false))]),
                    .sequence([.scalar("deep", quoted: false)]),
                ])),
            ])),
        ])
        #expect(node == expected)
    }

    @Test func scalars() throws {
        let node = try Self.parse(#"""
            hash: $2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG
            url: http://10.0.0.1:80/x#not-a-comment
            escaped: "a\"b\\c\u00e9\n"
            empty:
            tilde: ~
            flag: true
            word: "true"
            """#)
        guard case .mapping(let entries)? = node else { Issue.record("not a mapping"); return }
        let values = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) })
        #expect(values["hash"] == .scalar("$2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG", quoted: false))
        #expect(values["url"] == .scalar("http://10.0.0.1:80/x#not-a-comment", quoted: false))
        #expect(values["escaped"] == .scalar("a\"b\\c\u{e9}\n", quoted: true))
        #expect(values["empty"] == .null && values["tilde"] == .null)
        #expect(values["flag"]?.bool == true && values["word"]?.bool == nil)
    }

    @Test func emptyDocuments() throws {
        #expect(try Self.parse("") == nil)
        #expect(try Self.parse("# only a comment\n\n") == nil)
        #expect(try Self.parse("---\n") == nil)
        #expect(try Self.parse("---\na: 1\n...\nignored: after the end\n") == .mapping([("a", .scalar("1", quoted: false))]))
    }

    /// What the configs hold, read by both; each document is also what an
    /// operator might write.
    static let documents = [
        "a: 1\nb: [x, y, z]\nc: {d: e, f: [g]}\n",
        "tls_server_config:\n  cert_file: /etc/ne/cert.pem\n  cipher_suites: [TLS_AES_128_GCM_SHA256]\nbasic_auth_users:\n  alice: $2y$10$abc\n",
        "modules:\n  m:\n    prober: join\n    join:\n      namespace: net\n      connect: \"10.0.0.1:80\"\n",
        "list:\n- one\n- two: 2\n  three: 3\n- - nested\n  - again\n",
        "quoted: 'single ''quote'''\ndouble: \"tab\\tnewline\\n\"\nkey with spaces: v\n\"quoted key\": v\n",
        "x:\n  - a   # comment\n  # comment line\n  - b\ny: end\n",
        "flow: [a, [b, c], {d: [e]}, ]\nempty_flow: []\nempty_map: {}\n",
        "windows: line\r\nends: here\r\n",
    ]

    @Test(arguments: documents) func agreesWithYams(document: String) throws {
        let ours = Self.canonical(try Self.parse(document))
        let theirs = Self.canonical(try Yams.load(yaml: document))
        #expect(ours == theirs)
    }

    @Test(arguments: [
        ("a: &anchor 1\n", "line 1: anchors"),
        ("a: *alias\n", "line 1: aliases"),
        ("a: !!str 1\n", "line 1: tags"),
        ("a: |\n  text\n", "line 1: block scalars"),
        ("a: 1\n---\nb: 2\n", "line 2: a second document"),
        ("a: 1\na: 2\n", "line 2: \"a\" appears twice"),
        ("a:\n\tb: 1\n", "line 2: a tab"),
        ("a: 1\n  b: 2\n", "line 2: indented more"),
        ("a: [1, 2\n", "line 1: a [ list must end"),
        ("a: {b: 1\n", "line 1: a { mapping must end"),
        ("a: \"open\n", "line 1: a quoted value must end"),
        ("a: b: c\n", "line 1: a value holding \": \" must be quoted"),
        ("a: \"\\q\"\n", "line 1: unknown escape"),
        ("a:\n  - x\n  y: 1\n", "line 3"),
        ("just text\nmore: 1\n", "line 2"),
        ("%YAML 1.2\n---\na: 1\n", "line 1: YAML directives"),
        ("? complex\n", "line 1: complex keys"),
    ])
    func refusesWithItsLine(document: String, message: String) {
        do {
            let node = try Self.parse(document)
            Issue.record("accepted \(document.debugDescription) as \(String(describing: node))")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    /// Any mix of YAML's punctuation gives a node or an error, never a trap:
    /// 20,000 documents from a fixed-seed generator.
    @Test func neverTraps() {
        let pieces = ["a", "b: ", ":", "- ", "-", "[", "]", "{", "}", ",", "\"", "'", "\\", "\\u12", "#", " ", "  ", "\n", "\r\n", "\t", "&", "*", "!", "|", "---", "...", "?", "é", "''", "x: [", "k: {a: "]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var accepted = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<Int(state % 24) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += pieces[Int(state >> 33) % pieces.count]
            }
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            if (try? YAMLParser.parse(text)) != nil { accepted += 1 }
        }
        #expect(accepted > 0 && accepted < 20_000, "both outcomes occur: \(accepted)")
    }

    /// A form both readers' results map to: YAML 1.2 core types for plain scalars.
    static func canonical(_ node: YAMLNode?) -> String {
        switch node {
        case nil, .null?: return "null"
        case .scalar(let text, let quoted)?:
            if !quoted, let flag = node?.bool { return "bool:\(flag)" }
            if !quoted, let number = Int(text) { return "int:\(number)" }
            return "str:\(text.debugDescription)"
        case .sequence(let items)?: return "[" + items.map { canonical($0) }.joined(separator: ",") + "]"
        case .mapping(let entries)?:
            return "{" + entries.sorted { $0.key < $1.key }.map { "\($0.key.debugDescription):\(canonical($0.value))" }.joined(separator: ",") + "}"
        }
    }

    static func canonical(_ value: Any?) -> String {
        switch value {
        case nil: return "null"
        case let flag as Bool: return "bool:\(flag)"
        case let number as Int: return "int:\(number)"
        case let text as String: return "str:\(text.debugDescription)"
        case let items as [Any]: return "[" + items.map { canonical($0) }.joined(separator: ",") + "]"
        case let map as [String: Any]:
            return "{" + map.sorted { $0.key < $1.key }.map { "\($0.key.debugDescription):\(canonical($0.value))" }.joined(separator: ",") + "}"
        default: return "null"  // Yams gives NSNull for a null
        }
    }
}
