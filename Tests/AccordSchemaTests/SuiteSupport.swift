import AccordJSON
import AccordSchema
import Foundation

/// Locates `../shared` beside the package, as the repository layout promises.
enum SharedData {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
    static var suite: URL {
        if let custom = ProcessInfo.processInfo.environment["ACCORD_JSON_SCHEMA_TEST_SUITE"] { return URL(fileURLWithPath: custom) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/json-schema-test-suite")
    }
}

/// Runs the official JSON-Schema-Test-Suite files for one draft.
struct SuiteRunner {
    struct Failure: CustomStringConvertible {
        var file: String
        var caseDescription: String
        var testDescription: String
        var detail: String
        var description: String { "\(file): \(caseDescription) / \(testDescription): \(detail)" }
    }

    struct Tally {
        var passed = 0
        var failed: [Failure] = []
    }

    let draft: Draft
    let folder: String

    static let drafts: [(Draft, String)] = [
        (.draft4, "draft4"), (.draft6, "draft6"), (.draft7, "draft7"), (.draft2019_09, "draft2019-09"), (.draft2020_12, "draft2020-12"),
    ]

    func files(_ subfolder: String) -> [URL] {
        let dir = SharedData.suite.appendingPathComponent("tests/\(folder)/\(subfolder)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { dir.appendingPathComponent($0) }
    }

    func run(_ subfolder: String, assertFormat: Bool = false) throws -> Tally {
        var tally = Tally()
        var resources = SchemaResources()
        resources.addDirectory(SharedData.suite.appendingPathComponent("remotes").path, baseURI: "http://localhost:1234/")
        var options = SchemaOptions(defaultDraft: draft, assertFormat: assertFormat, resources: resources)
        options.baseURI = "json-schema:///"
        for file in files(subfolder) {
            let cases = try JSONParser().parseFile(atPath: file.path)
            for testCase in cases.arrayValue ?? [] {
                let caseDescription = testCase["description"]?.stringValue ?? "?"
                let tests = testCase["tests"]?.arrayValue ?? []
                let schema: JSONSchema
                do {
                    schema = try JSONSchema(compiling: testCase["schema"]!, options: options)
                } catch {
                    for test in tests {
                        tally.failed.append(Failure(file: file.lastPathComponent, caseDescription: caseDescription,
                                                    testDescription: test["description"]?.stringValue ?? "?", detail: "compile error: \(error)"))
                    }
                    continue
                }
                for test in tests {
                    let expected = test["valid"]?.boolValue ?? false
                    let result = schema.validate(test["data"]!)
                    let flag = schema.isValid(test["data"]!)
                    if result.isValid == expected && flag == expected {
                        tally.passed += 1
                    } else {
                        tally.failed.append(Failure(file: file.lastPathComponent, caseDescription: caseDescription,
                                                    testDescription: test["description"]?.stringValue ?? "?",
                                                    detail: "expected \(expected), basic \(result.isValid), flag \(flag) \(result.errors.first.map { "\($0)" } ?? "")"))
                    }
                }
            }
        }
        return tally
    }
}
