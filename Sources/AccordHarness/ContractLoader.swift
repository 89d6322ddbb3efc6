import Foundation
import Yams

/// Reads `accord.yaml` with Yams, reporting every problem with its file, line and column.
public enum ContractLoader {
    /// Loads and checks a contract file.
    public static func load(path: String) throws(HarnessInputError) -> Contract {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HarnessInputError(file: path, message: "cannot read contract file")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    /// Parses contract text; `file` names it in errors and anchors relative paths.
    public static func parse(_ text: String, file: String) throws(HarnessInputError) -> Contract {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw HarnessInputError(file: file, message: "empty contract: expected a mapping with at least 'handler' and 'adapter'")
            }
            root = node
        } catch let error as HarnessInputError {
            throw error
        } catch let error as YamlError {
            throw located(error, file: file)
        } catch {
            throw HarnessInputError(file: file, message: "invalid YAML: \(error)")
        }
        let reader = NodeReader(file: file)
        let directory = (file as NSString).deletingLastPathComponent
        return try reader.contract(root, directory: directory)
    }

    static func located(_ error: YamlError, file: String) -> HarnessInputError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return HarnessInputError(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(problem)")
        default:
            return HarnessInputError(file: file, message: "invalid YAML: \(error)")
        }
    }
}

/// Turns Yams nodes into a ``Contract`` with located errors.
struct NodeReader {
    let file: String

    func fail(_ node: Node?, _ message: String) -> HarnessInputError {
        HarnessInputError(file: file, line: node?.mark?.line, column: node?.mark?.column, message: message)
    }

    func mapping(_ node: Node, _ what: String) throws(HarnessInputError) -> [(key: String, keyNode: Node, value: Node)] {
        guard case .mapping(let m) = node else { throw fail(node, "\(what) must be a mapping") }
        var seen = Set<String>()
        var result: [(key: String, keyNode: Node, value: Node)] = []
        for (k, v) in m {
            guard let key = k.scalar?.string else { throw fail(k, "keys must be plain strings") }
            if !seen.insert(key).inserted { throw fail(k, "duplicate key '\(key)'") }
            result.append((key, k, v))
        }
        return result
    }

    func string(_ node: Node, _ key: String) throws(HarnessInputError) -> String {
        guard case .scalar(let s) = node, !s.string.isEmpty else { throw fail(node, "'\(key)' must be a non-empty string") }
        return s.string
    }

    func integer(_ node: Node, _ key: String, min: Int) throws(HarnessInputError) -> Int {
        guard let v = node.int, v >= min else { throw fail(node, "'\(key)' must be an integer ≥ \(min)") }
        return v
    }

    func number(_ node: Node, _ key: String) throws(HarnessInputError) -> Double {
        guard let v = node.float ?? node.int.map(Double.init), v >= 1 else { throw fail(node, "'\(key)' must be a number ≥ 1") }
        return v
    }

    func strings(_ node: Node, _ key: String) throws(HarnessInputError) -> [String] {
        if case .scalar = node { return [try string(node, key)] }
        guard case .sequence(let seq) = node else { throw fail(node, "'\(key)' must be a list of strings") }
        var out: [String] = []
        for item in seq { out.append(try string(item, key)) }
        return out
    }

    /// `250ms`, `2s`, `1m`, or a number of seconds.
    func duration(_ node: Node, _ key: String) throws(HarnessInputError) -> Duration {
        guard case .scalar(let s) = node else { throw fail(node, "'\(key)' must be a duration such as 250ms or 2s") }
        let text = s.string.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("ms", 1), ("s", 1000), ("m", 60_000)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let v = Double(text.dropLast(suffix.count)), v >= 0 { return .milliseconds(Int64(v * scale)) }
        }
        if let v = Double(text), v >= 0 { return .milliseconds(Int64(v * 1000)) }
        throw fail(node, "'\(key)' must be a duration such as 250ms or 2s, got '\(text)'")
    }

    func contract(_ root: Node, directory: String) throws(HarnessInputError) -> Contract {
        let entries = try mapping(root, "the contract")
        func value(_ key: String) -> Node? { entries.first { $0.key == key }?.value }
        guard let handlerNode = value("handler") else { throw fail(root, "missing 'handler' (the handler's name)") }
        guard let adapterNode = value("adapter") else { throw fail(root, "missing 'adapter' (inprocess, http or ndjson)") }
        let adapterName = try string(adapterNode, "adapter")
        guard let adapter = Contract.Adapter(rawValue: adapterName) else {
            throw fail(adapterNode, "unknown adapter '\(adapterName)': use inprocess, http or ndjson")
        }
        var contract = Contract(file: file, directory: directory, handler: try string(handlerNode, "handler"), adapter: adapter)
        let known: Set<String> = ["handler", "adapter", "command", "workingDirectory", "environment", "http", "fixtures",
                                  "schemas", "registry", "consumes", "emits", "retry", "partitionKey", "timeout",
                                  "downstream", "scenarios"]
        for (key, keyNode, node) in entries {
            guard known.contains(key) else {
                throw fail(keyNode, "unknown key '\(key)'; expected one of \(known.sorted().joined(separator: ", "))")
            }
            switch key {
            case "command": contract.command = try string(node, key)
            case "workingDirectory": contract.workingDirectory = try string(node, key)
            case "environment":
                for (k, _, v) in try mapping(node, "'environment'") { contract.environment[k] = try string(v, k) }
            case "http": contract.http = try http(node)
            case "fixtures": contract.fixtures = try fixtures(node)
            case "schemas": contract.schemas = try string(node, key)
            case "registry": contract.registry = try string(node, key)
            case "consumes": contract.consumes = try strings(node, key)
            case "emits": contract.emits = try strings(node, key)
            case "retry": contract.retry = try retry(node)
            case "partitionKey": contract.partitionKey = try string(node, key)
            case "timeout": contract.timeout = try duration(node, key)
            case "downstream":
                for (k, kn, v) in try mapping(node, "'downstream'") {
                    switch k {
                    case "failures": contract.downstream.failures = try integer(v, k, min: 0)
                    case "status": contract.downstream.status = try integer(v, k, min: 400)
                    default: throw fail(kn, "unknown key '\(k)' in 'downstream'; expected failures, status")
                    }
                }
            case "scenarios":
                var list: [Scenario] = []
                let items: [Node] = node.sequence.map { Array($0) } ?? [node]
                for item in items {
                    let name = try string(item, "scenarios")
                    guard let s = Scenario(rawValue: name) else {
                        throw fail(item, "unknown scenario '\(name)'; expected \(Scenario.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    list.append(s)
                }
                contract.scenarios = list
            default: break
            }
        }
        if contract.fixtures.isEmpty { throw fail(value("fixtures") ?? root, "missing 'fixtures': list at least one fixture file") }
        if adapter == .ndjson && contract.command == nil { throw fail(adapterNode, "the ndjson adapter needs a 'command' to start the handler") }
        if adapter == .http && contract.command == nil && contract.http.url == nil {
            throw fail(adapterNode, "the http adapter needs a 'command' to start the handler or 'http.url' of a running one")
        }
        if contract.schemas != nil && contract.registry != nil {
            throw fail(value("registry"), "give either 'schemas' or 'registry', not both")
        }
        return contract
    }

    func http(_ node: Node) throws(HarnessInputError) -> Contract.HTTPSettings {
        var s = Contract.HTTPSettings()
        for (k, kn, v) in try mapping(node, "'http'") {
            switch k {
            case "url": s.url = try string(v, k)
            case "port": s.port = try integer(v, k, min: 1)
            case "path": s.path = try string(v, k)
            case "statePath": s.statePath = try string(v, k)
            case "startupTimeout": s.startupTimeout = try duration(v, k)
            case "mode":
                let name = try string(v, k)
                guard let mode = Contract.HTTPSettings.Mode(rawValue: name) else { throw fail(v, "'mode' must be structured or binary") }
                s.mode = mode
            default: throw fail(kn, "unknown key '\(k)' in 'http'; expected url, port, path, statePath, mode, startupTimeout")
            }
        }
        return s
    }

    func fixtures(_ node: Node) throws(HarnessInputError) -> [Contract.FixtureSource] {
        guard case .sequence(let seq) = node else { throw fail(node, "'fixtures' must be a list of files") }
        var out: [Contract.FixtureSource] = []
        for item in seq {
            if case .scalar = item {
                out.append(.init(path: try string(item, "fixtures")))
                continue
            }
            var path: String?
            var poison = false
            for (k, kn, v) in try mapping(item, "a fixture entry") {
                switch k {
                case "path": path = try string(v, k)
                case "poison":
                    guard let b = v.bool else { throw fail(v, "'poison' must be true or false") }
                    poison = b
                default: throw fail(kn, "unknown key '\(k)' in a fixture entry; expected path, poison")
                }
            }
            guard let path else { throw fail(item, "a fixture entry needs a 'path'") }
            out.append(.init(path: path, poison: poison))
        }
        return out
    }

    func retry(_ node: Node) throws(HarnessInputError) -> RetryPolicy {
        var policy = RetryPolicy()
        for (k, kn, v) in try mapping(node, "'retry'") {
            switch k {
            case "maxAttempts": policy.maxAttempts = try integer(v, k, min: 1)
            case "backoff":
                for (bk, bkn, bv) in try mapping(v, "'backoff'") {
                    switch bk {
                    case "initial": policy.initial = try duration(bv, bk)
                    case "multiplier": policy.multiplier = try number(bv, bk)
                    case "max": policy.max = try duration(bv, bk)
                    default: throw fail(bkn, "unknown key '\(bk)' in 'backoff'; expected initial, multiplier, max")
                    }
                }
            default: throw fail(kn, "unknown key '\(k)' in 'retry'; expected maxAttempts, backoff")
            }
        }
        if policy.max < policy.initial { throw fail(node, "'backoff.max' must not be less than 'backoff.initial'") }
        return policy
    }
}
