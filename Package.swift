// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Ponder",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ponder", targets: ["ponder"]),
        .library(name: "PonderCore", targets: ["PonderCore"]),
        .library(name: "PonderBackends", targets: ["PonderBackends"]),
        .library(name: "PonderSim", targets: ["PonderSim"]),
        .library(name: "PonderEngine", targets: ["PonderEngine"]),
        .library(name: "PonderStrategies", targets: ["PonderStrategies"]),
        .library(name: "PonderEval", targets: ["PonderEval"]),
        .library(name: "PonderAllocator", targets: ["PonderAllocator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .target(name: "PonderCore"),
        .target(
            name: "PonderBackends",
            dependencies: [
                "PonderCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .target(name: "PonderStrategies", dependencies: ["PonderCore"]),
        .target(name: "PonderSandbox", dependencies: ["PonderCore"]),
        .target(
            name: "PonderAllocator",
            dependencies: ["PonderCore", "PonderStrategies", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "PonderSim",
            dependencies: [
                "PonderCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "PonderEngine",
            dependencies: [
                "PonderCore",
                "PonderBackends",
                "PonderStrategies",
                "PonderAllocator",
                "PonderSandbox",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .target(
            name: "PonderServer",
            dependencies: [
                "PonderCore", "PonderBackends", "PonderEngine", "PonderStrategies",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "PonderEval",
            dependencies: [
                "PonderCore", "PonderEngine", "PonderSandbox", "PonderAllocator",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "PonderBench",
            dependencies: [
                "PonderCore",
                "PonderSandbox",
                "PonderBackends",
                "PonderEngine",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "ponder",
            dependencies: [
                "PonderCore",
                "PonderBackends",
                "PonderSim",
                "PonderEngine",
                "PonderStrategies",
                "PonderAllocator",
                "PonderServer",
                "PonderBench",
                "PonderEval",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "PonderCoreTests", dependencies: ["PonderCore"]),
        .testTarget(
            name: "PonderServerTests",
            dependencies: [
                "PonderServer", "PonderEngine", "PonderSim", "PonderCore", "PonderBench",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "PonderSandboxTests", dependencies: ["PonderSandbox", "PonderCore"]),
        // The fixture is read by path next to the test, not bundled.
        .testTarget(name: "PonderBackendsTests", dependencies: ["PonderBackends", "PonderCore"], exclude: ["Fixtures"]),
        .testTarget(
            name: "PonderIntegrationTests",
            dependencies: ["PonderBackends", "PonderEngine", "PonderSim", "PonderCore", "PonderBench"]
        ),
        .testTarget(
            name: "PonderStrategiesTests",
            dependencies: ["PonderStrategies", "PonderBackends", "PonderSim", "PonderCore"]
        ),
        .testTarget(
            name: "PonderSimTests",
            dependencies: [
                "PonderSim", "PonderCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(name: "PonderEvalTests", dependencies: ["PonderEval", "PonderEngine", "PonderSim", "PonderCore"]),
        .testTarget(
            name: "PonderAllocatorTests",
            dependencies: ["PonderAllocator", "PonderEngine", "PonderEval", "PonderStrategies", "PonderSim", "PonderCore"]
        ),
        .testTarget(
            name: "RealModelTests",
            dependencies: [
                "PonderEngine", "PonderEval", "PonderBackends", "PonderCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "PonderEngineTests", dependencies: ["PonderEngine", "PonderBackends", "PonderCore", "PonderStrategies", "PonderSim"]),
    ]
)

// Nonisolated async functions run on their caller's executor (SE-0461) rather than hopping to the
// generic one: Ponder has no actors, and a request's task is pinned to its connection's event loop, so
// the hop never moved anything; it only cost a check of the task's executor preference (under a lock)
// at every async call. Implementations of other packages' async requirements (Hummingbird's middleware,
// its response body writer) stay `@concurrent`, as those packages are built without the feature.
for target in package.targets where target.type != .plugin {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
}
