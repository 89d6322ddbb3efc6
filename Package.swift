// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Accord",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "accord", targets: ["accord"]),
        .library(name: "AccordJSON", targets: ["AccordJSON"]),
        .library(name: "AccordSchema", targets: ["AccordSchema"]),
        .library(name: "AccordCompatibility", targets: ["AccordCompatibility"]),
        .library(name: "AccordRegistry", targets: ["AccordRegistry"]),
        .library(name: "AccordServer", targets: ["AccordServer"]),
        .library(name: "AccordHarness", targets: ["AccordHarness"]),
        .plugin(name: "AccordCheckPlugin", targets: ["AccordCheckPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.9.0"..<"5.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CJansson",
            pkgConfig: "jansson",
            providers: [.apt(["libjansson-dev"])]
        ),
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .target(
            name: "CSimdjsonBridge",
            cxxSettings: [.define("SIMDJSON_THREADS_ENABLED", to: "1")],
            linkerSettings: [.linkedLibrary("simdjson")]
        ),
        .target(
            name: "AccordJSON",
            dependencies: ["CJansson", "CSimdjsonBridge"]
        ),
        .target(
            name: "AccordSchema",
            dependencies: ["AccordJSON", "CPCRE2"]
        ),
        .target(
            name: "AccordCompatibility",
            dependencies: ["AccordJSON", "AccordSchema"]
        ),
        .target(
            name: "AccordRegistry",
            dependencies: [
                "AccordJSON", "AccordSchema", "AccordCompatibility",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API (GRDB's own system-library target, no further package).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "AccordServer",
            dependencies: [
                "AccordJSON", "AccordSchema", "AccordCompatibility", "AccordRegistry",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "AccordHarness",
            dependencies: [
                "AccordJSON", "AccordSchema",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "accord",
            dependencies: [
                "AccordJSON", "AccordSchema", "AccordCompatibility",
                "AccordRegistry", "AccordServer", "AccordHarness",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .plugin(
            name: "AccordCheckPlugin",
            capability: .command(
                intent: .custom(
                    verb: "accord-check",
                    description: "Check the package's Schemas/ folder for breaking event-schema changes (accord check)."
                ),
                // None, so CI runs need no --allow-* flag. git mode only reads the repository; for
                // --against registry:URL on macOS, run `swift package --disable-sandbox accord-check …`.
                permissions: []
            ),
            dependencies: ["accord"]
        ),
        .executableTarget(
            name: "accord-bench",
            dependencies: ["AccordJSON", "AccordSchema", "CJansson"],
            path: "Benchmarks/accord-bench"
        ),
        .executableTarget(
            name: "accord-compat-bench",
            dependencies: ["AccordJSON", "AccordSchema", "AccordCompatibility"],
            path: "Benchmarks/accord-compat-bench"
        ),
        .executableTarget(
            name: "accord-registry-bench",
            dependencies: ["AccordRegistry", "AccordCompatibility", "AccordSchema", "AccordJSON", "AccordServer"],
            path: "Benchmarks/accord-registry-bench"
        ),
        .executableTarget(
            name: "accord-harness-bench",
            dependencies: ["AccordHarness", "AccordJSON"],
            path: "Benchmarks/accord-harness-bench",
            exclude: ["trivial_handler.py"]
        ),
        .testTarget(name: "AccordJSONTests", dependencies: ["AccordJSON"]),
        .testTarget(name: "AccordSchemaTests", dependencies: ["AccordSchema", "AccordJSON"]),
        .testTarget(name: "AccordCompatibilityTests", dependencies: ["AccordCompatibility", "AccordSchema", "AccordJSON"]),
        .testTarget(
            name: "AccordRegistryTests",
            dependencies: [
                "AccordRegistry", "AccordJSON",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "AccordServerTests",
            dependencies: [
                "AccordServer", "AccordRegistry", "AccordJSON",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(name: "AccordHarnessTests", dependencies: ["AccordHarness", "AccordJSON", "AccordSchema"]),
        .testTarget(name: "accordTests", dependencies: ["accord"]),
    ],
    swiftLanguageModes: [.v6]
)
