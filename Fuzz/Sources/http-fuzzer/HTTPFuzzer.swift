import Dispatch
import FuzzDriver
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NamespaceExporter

/// `http-fuzzer [libFuzzer options]`: the request path as the server runs
/// it. Raw bytes go through the head guard and NIO's HTTP parser; every
/// request head that comes out is routed through the exporter's router
/// (auth, body refusal, limits, query parsing) to a response.
enum HTTPFuzzer {
    /// A basic-auth user (bcrypt cost 4: cheap enough to fuzz through).
    static let router = HTTPRoutes.router(
        state: ExporterState(),
        web: try! WebConfig.parse("basic_auth_users:\n  u: '\(PasswordHash.make("p", cost: 4)!.text)'\n")
    ).buildResponder()
    static let logger = Logger(label: "fuzz") { _ in SwiftLogNoOpLogHandler() }

    static func run(_ bytes: [UInt8]) {
        let channel = EmbeddedChannel()
        defer { _ = try? channel.finish() }
        do {
            try channel.pipeline.syncOperations.addHandler(RequestHeadGuard(maxBytes: 8192))
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
            try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
        } catch {
            fatalError("pipeline: \(error)")
        }
        var heads: [HTTPRequest] = []
        _ = try? channel.writeInbound(ByteBuffer(bytes: bytes))
        while let part = try? channel.readInbound(as: HTTPRequestPart.self) {
            if case .head(let head) = part { heads.append(head) }
        }
        for head in heads.prefix(8) {
            let request = Request(head: head, body: .init(buffer: ByteBuffer()))
            let context = BasicRequestContext(source: .init(channel: channel, logger: logger))
            let done = DispatchSemaphore(value: 0)
            Task {
                _ = try? await router.respond(to: request, context: context)
                done.signal()
            }
            done.wait()
        }
    }
}

@_cdecl("http_fuzzer_main")
func httpFuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    _ = HTTPFuzzer.router  // built once, before fuzzing
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        HTTPFuzzer.run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
}
