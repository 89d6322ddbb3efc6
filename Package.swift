// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Accord",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "accord", targets: ["accord"]),
        .library(name: "AccordJSON", targets: ["AccordJSON"]),
        .library(name: "AccordSchema", targets: ["AccordSchema"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
            name: "AccordJSON",
            dependencies: ["CJansson"]
        ),
        .target(
            name: "AccordSchema",
            dependencies: ["AccordJSON", "CPCRE2"]
        ),
        .executableTarget(
            name: "accord",
            dependencies: [
                "AccordJSON",
                "AccordSchema",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "accord-bench",
            dependencies: ["AccordJSON", "AccordSchema", "CJansson"],
            path: "Benchmarks/accord-bench"
        ),
        .testTarget(name: "AccordJSONTests", dependencies: ["AccordJSON"]),
        .testTarget(name: "AccordSchemaTests", dependencies: ["AccordSchema", "AccordJSON"]),
        .testTarget(name: "accordTests", dependencies: ["accord"]),
    ],
    swiftLanguageModes: [.v6]
)
