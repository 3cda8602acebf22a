// swift-tools-version:6.2
// libFuzzer targets over the /proc parsers and the HTTP request path.
// Build and run with `make fuzz` (FUZZ_SECONDS per target), see README.
import PackageDescription

// The entry point is `<target>_main`, defined by each fuzzer, not top-level code.
let library: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "namespace_exporter_fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "namespace_exporter", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // The libFuzzer entry: SwiftPM names an executable's main `<target>_main`.
        .target(name: "FuzzDriver"),
        .executableTarget(
            name: "proc-fuzzer",
            dependencies: ["FuzzDriver", .product(name: "NamespaceKit", package: "namespace_exporter")],
            swiftSettings: library
        ),
        .executableTarget(
            name: "http-fuzzer",
            dependencies: [
                "FuzzDriver",
                .product(name: "NamespaceExporter", package: "namespace_exporter"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: library
        ),
    ],
    swiftLanguageModes: [.v6]
)
