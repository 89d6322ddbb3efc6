import Foundation
import Testing

/// `swift package accord-check` on a fixture package that depends on Accord by path.
///
/// Building the fixture builds Accord and all its dependencies from scratch in a scratch folder of
/// its own (several minutes on two cores), so this runs only with `ACCORD_PLUGIN_TESTS=1`
/// (`make test-plugin`). The scratch folder `.build-plugin-fixture/` is kept between runs.
@Suite("AccordCheckPlugin", .enabled(if: ProcessInfo.processInfo.environment["ACCORD_PLUGIN_TESTS"] == "1"))
struct CheckPluginTests {
    static let manifest = """
        // swift-tools-version:6.0
        import PackageDescription

        let package = Package(
            name: "Orders",
            dependencies: [.package(path: "\(AccordBinary.packageRoot.path)")],
            targets: [.target(name: "Orders")]
        )

        """

    @Test func pluginRunsAccordCheckOnTheSchemasFolder() throws {
        let repository = try Domain.repository()
        defer { repository.remove() }
        try repository.write("Package.swift", Self.manifest)
        try repository.write("Sources/Orders/Orders.swift", "public enum Orders {}\n")
        try repository.commit("fixture package")
        let scratch = AccordBinary.packageRoot.appendingPathComponent(".build-plugin-fixture").path

        func plugin(_ arguments: [String]) throws -> AccordBinary.Output {
            try SchemasRepository.execute(
                URL(fileURLWithPath: "/usr/bin/env"),
                ["swift", "package", "--scratch-path", scratch, "--disable-sandbox", "accord-check"] + arguments,
                in: repository.root, environment: [:])
        }

        let clean = try plugin(["--against", "git:HEAD"])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect((clean.stdout + clean.stderr).contains("accord check against git:HEAD"))

        try repository.write("Schemas/order.placed/schema.json", Domain.order(quantityMaximum: 10))
        let breaking = try plugin(["--against", "git:HEAD", "--output", "github"])
        #expect(breaking.status != 0)
        let output = breaking.stdout + breaking.stderr
        #expect(output.contains("::error file=Schemas/order.placed/schema.json,line=6,"))
        #expect(output.contains("accord check found breaking schema changes"))
    }
}
