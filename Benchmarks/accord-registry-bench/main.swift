// Registry benchmark without HTTP: what one registration costs inside `SchemaRegistry` on a real
// SQLite file (parse, fingerprint, compile with the meta-schema check, the write transaction).
//
//   accord-registry-bench [COUNT] [CONCURRENCY] [LEVEL]
//
// Registers COUNT distinct small schemas (the shape `Benchmarks/registry/register.lua` sends)
// under one subject, CONCURRENCY at a time, at compatibility LEVEL (NONE by default, as the HTTP
// benchmark; BACKWARD adds the check against the latest version). Prints registrations per
// second and microseconds per registration.
//
// `accord-registry-bench compile [COUNT]` runs only the database-free part of a registration on
// one thread (parse, the stored and canonical texts, compile with the meta-schema check), for
// callgrind: `valgrind --tool=callgrind accord-registry-bench compile 4000`. (The full mode
// does not run under valgrind 3.19 on this machine: valgrind itself crashes.)
import AccordCompatibility
import AccordJSON
import AccordRegistry
import AccordSchema
import AccordServer
import Foundation

AllocatorTuning.keepFreedMemory()  // as `accord serve` does
let arguments = CommandLine.arguments
if arguments.count > 1, arguments[1] == "compile" {
    let count = arguments.count > 2 ? Int(arguments[2]) ?? 2_000 : 2_000
    let start = ContinuousClock.now
    for n in 0..<count {
        let text = #"{"type":"object","properties":{"p\#(n)":{"type":"integer"}}}"#
        var options = SchemaOptions(defaultDraft: .draft7)
        options.validateAgainstMetaSchema = true
        let value = try JSONParser().parse(text)
        _ = (JSONWriter.compact(value), JSONWriter.canonical(value))
        _ = try JSONSchema(compiling: value, options: options)
    }
    let elapsed = ContinuousClock.now - start
    print("prepared \(count) schemas in \(elapsed)")
    exit(0)
}
let count = arguments.count > 1 ? Int(arguments[1]) ?? 5_000 : 5_000
let concurrency = max(1, arguments.count > 2 ? Int(arguments[2]) ?? 32 : 32)
let levelName = arguments.count > 3 ? arguments[3] : "NONE"
guard let level = CompatibilityLevel(rawValue: levelName) else {
    FileHandle.standardError.write(Data("unknown compatibility level \(levelName)\n".utf8))
    exit(2)
}

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("accord-registry-bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

let store = try await SQLiteSchemaStore.open(path: directory.appendingPathComponent("bench.db").path)
let registry = SchemaRegistry(store: store)
let subject = "bench-register"
_ = try await registry.updateConfig(RegistryConfig(compatibilityLevel: level), subject: subject)

/// The n-th schema. At NONE: one integer property with a distinct name, as register.lua sends.
/// At other levels every version must pass the check, so versions differ in their description.
func schema(_ n: Int) -> String {
    if level == .none { return #"{"type":"object","properties":{"p\#(n)":{"type":"integer"}}}"# }
    return #"{"type":"object","description":"revision \#(n)","properties":{"id":{"type":"string"},"amount":{"type":"number"}},"required":["id"]}"#
}

/// CPU seconds (user + system, all threads) used by this process so far.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

let start = ContinuousClock.now
let cpuStart = processCPUSeconds()
// Each registration's latency (submit to result), as a closed-loop client with CONCURRENCY
// connections would see it without HTTP.
let latencies = try await withThrowingTaskGroup(of: Duration.self) { group in
    var latencies: [Duration] = []
    latencies.reserveCapacity(count)
    var next = 0
    func submit(_ group: inout ThrowingTaskGroup<Duration, any Error>) {
        let n = next
        next += 1
        group.addTask {
            let submitted = ContinuousClock.now
            _ = try await registry.register(subject: subject, RegistrationRequest(schema: schema(n)))
            return ContinuousClock.now - submitted
        }
    }
    while next < min(concurrency, count) { submit(&group) }
    while let latency = try await group.next() {
        latencies.append(latency)
        if next < count { submit(&group) }
    }
    return latencies
}
let sortedLatencies = latencies.sorted()
func percentile(_ p: Double) -> Double {
    let d = sortedLatencies[min(sortedLatencies.count - 1, Int(Double(sortedLatencies.count) * p))]
    return Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15
}
let elapsed = ContinuousClock.now - start
let cpuSeconds = processCPUSeconds() - cpuStart
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let versions = try await registry.versions(subject: subject)
guard versions.count == count, versions.last == count else {
    FileHandle.standardError.write(Data("expected \(count) contiguous versions, found \(versions.count)\n".utf8))
    exit(1)
}
try await store.shutdown()
// The database-free part alone, on one thread: parse and compile (meta-schema check included).
var compileOptions = SchemaOptions(defaultDraft: .draft7)
compileOptions.validateAgainstMetaSchema = true
let compileStart = ContinuousClock.now
for n in 0..<count { _ = try JSONSchema(compiling: try JSONParser().parse(schema(n)), options: compileOptions) }
let compileElapsed = ContinuousClock.now - compileStart
let compileSeconds = Double(compileElapsed.components.seconds) + Double(compileElapsed.components.attoseconds) / 1e18
print(String(format: "parse + compile alone (one thread): %.1f us per schema", compileSeconds * 1e6 / Double(count)))
print(String(format: "register, %@, %d at a time: %d schemas in %.3f s, %.0f registrations/s, %.1f us each, %.1f us of CPU each (all threads); latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms",
             levelName, concurrency, count, seconds, Double(count) / seconds, seconds * 1e6 / Double(count), cpuSeconds * 1e6 / Double(count),
             percentile(0.5), percentile(0.9), percentile(0.99)))
