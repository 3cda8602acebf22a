// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "namespace_exporter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "namespace_exporter", targets: ["namespace_exporter"]),
        // For the fuzzers (Fuzz/), which build these with coverage instrumentation.
        .library(name: "NamespaceKit", targets: ["NamespaceKit"]),
        .library(name: "NamespaceExporter", targets: ["NamespaceExporter"]),
    ],
    dependencies: [
        // traits: [] keeps Hummingbird on FoundationEssentials (smaller, faster start).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        // Tests only: a second YAML reader to check ours against (Yams links Foundation).
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        .target(name: "CNamespaceShim"),
        // The build's revision, branch and date (scripts/build-stamp.sh writes them).
        .target(name: "CBuildStamp"),
        .target(
            name: "NamespaceKit",
            dependencies: [
                "CNamespaceShim",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .systemLibrary(name: "CLibcap", pkgConfig: "libcap", providers: [.apt(["libcap-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCrypt", pkgConfig: "libxcrypt", providers: [.apt(["libcrypt-dev"])]),
        .target(
            name: "NamespaceProbe",
            dependencies: ["NamespaceKit", "CNamespaceShim", "CLibcap"]
        ),
        // The page at /ui: HTML, CSS and JavaScript compiled in as bytes (a
        // target of its own, so they are compiled again only when they change).
        .target(
            name: "NamespaceUI",
            resources: [
                .embedInCode("Assets/index.html"), .embedInCode("Assets/ui.css"), .embedInCode("Assets/app.js"),
                .embedInCode("Assets/model.js"), .embedInCode("Assets/views.js"), .embedInCode("Assets/dom.js"),
                .embedInCode("Assets/favicon.svg"),
            ]
        ),
        .target(
            name: "NamespaceExporter",
            dependencies: [
                "NamespaceKit",
                "NamespaceUI",
                "NamespaceProbe",
                "CNamespaceShim",
                "CBuildStamp",
                "CZlib",
                "CCrypt",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "namespace_exporter",
            dependencies: [
                "NamespaceExporter",
                "NamespaceKit",
                "NamespaceProbe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Helpers for tests only: fixture paths, child processes, oracles.
        .target(name: "NamespaceTestSupport"),
        .testTarget(
            name: "NamespaceKitTests",
            dependencies: ["NamespaceKit", "CNamespaceShim", "NamespaceTestSupport"]
        ),
        .testTarget(
            name: "NamespaceProbeTests",
            dependencies: ["NamespaceProbe", "NamespaceKit", "NamespaceTestSupport"]
        ),
        .testTarget(
            name: "NamespaceExporterTests",
            dependencies: [
                "NamespaceExporter",
                "NamespaceKit",
                "NamespaceProbe",
                "NamespaceTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
