// accord-bench: the validator benchmark of `make bench`.
//
// Usage: accord-bench DATA_DIR   (DATA_DIR holds the output of ../shared/bench/gen_events.py)
// Times, on one core, medians of 5 runs: (a) jansson parse only, (b) parse + validate,
// (c) validate only (documents parsed beforehand into tapes), each with formats off and on,
// and the schema's compile time; checks the invalid counts against the manifest.
import AccordJSON
import AccordSchema
import CJansson

#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

/// `value` with `decimals` digits after the point, right-aligned in `width`.
func fixed(_ value: Double, _ decimals: Int, width: Int = 0) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = decimals == 0 ? String(Int64(rounded)) : String(rounded)
    if decimals > 0 {
        let parts = text.split(separator: ".", maxSplits: 1)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        text = String(parts[0]) + "." + String((fraction + String(repeating: "0", count: decimals)).prefix(decimals))
    }
    return String(repeating: " ", count: max(0, width - text.count)) + text
}

func padded(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }

func fail(_ message: String) -> Never {
    print("accord-bench: \(message)")
    exit(2)
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else { fail("usage: accord-bench DATA_DIR") }
let dir = arguments[1]
let runs = getenv("ACCORD_BENCH_RUNS").flatMap { Int(String(cString: $0)) } ?? 5

let schemaValue = try JSONParser().parseFile(atPath: dir + "/order.placed.schema.json")
let manifest = try JSONParser().parseFile(atPath: dir + "/order.placed.manifest.json")
let expectedOff = Int(manifest["expectedInvalid"]?["formatsOff"]?.integerValue ?? -1)
let expectedOn = Int(manifest["expectedInvalid"]?["formatsOn"]?.integerValue ?? -1)

// Load the event stream as lines in one buffer.
let raw = try { () throws -> [UInt8] in
    guard let f = fopen(dir + "/order.placed.events.ndjson", "rb") else { fail("cannot open events") }
    defer { fclose(f) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
        if n == 0 { break }
        out.append(contentsOf: chunk[0..<n])
    }
    return out
}()
let lines: [Range<Int>] = {
    var lines: [Range<Int>] = []
    var start = 0
    for (i, b) in raw.enumerated() where b == UInt8(ascii: "\n") {
        if i > start { lines.append(start..<i) }
        start = i + 1
    }
    return lines
}()
let totalBytes = Double(lines.reduce(0) { $0 + $1.count })
let count = Double(lines.count)
print("workload: \(lines.count) events, \(Int(totalBytes)) bytes (\(Int(totalBytes / count)) bytes/event)")

// Compile time.
var compileTimes: [Double] = []
var schemaOff: JSONSchema! = nil
var schemaOn: JSONSchema! = nil
for _ in 0..<runs {
    let t0 = now()
    schemaOff = try JSONSchema(compiling: schemaValue)
    compileTimes.append(now() - t0)
}
schemaOn = try JSONSchema(compiling: schemaValue, options: SchemaOptions(assertFormat: true))
if let n = getenv("ACCORD_BENCH_PROFILE_COMPILE").flatMap({ Int(String(cString: $0)) }) {
    // For callgrind: parse and compile n small schemas (meta-schema check included), the shape
    // the registry benchmark registers, as a registration does before its transaction.
    for k in 0..<n {
        _ = try JSONSchema(compiling: try JSONParser().parse(#"{"type":"object","properties":{"p\#(k)":{"type":"integer"}}}"#),
                           options: SchemaOptions(defaultDraft: .draft7))
    }
    exit(0)
}
print("compile: \(fixed(median(compileTimes) * 1000, 3)) ms (median of \(runs), includes the meta-schema check)")

func report(_ label: String, _ seconds: Double, invalid: Int? = nil, expected: Int? = nil) {
    var line = padded(label, 34) + fixed(count / seconds, 0, width: 10) + " events/s " + fixed(totalBytes / seconds / 1e6, 1, width: 8) + " MB/s"
    if let invalid, let expected {
        line += "  invalid \(invalid) (manifest \(expected)) " + (invalid == expected ? "OK" : "MISMATCH")
    }
    print(line)
}

// (a) jansson parse only, same flags as AccordJSON.
let profiling = getenv("ACCORD_BENCH_PROFILE_VALIDATE") != nil
let flags = Int(JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL)
func parseOnce() -> Double {
    let t0 = now()
    raw.withUnsafeBytes { buffer in
        let base = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
        var error = json_error_t()
        for r in lines {
            if let root = json_loadb(base + r.lowerBound, r.count, flags, &error) { json_decref(root) }
        }
    }
    return now() - t0
}

// (b) parse + validate, one tape reused.
func parseAndValidateOnce(_ schema: JSONSchema) -> (Double, Int) {
    var invalid = 0
    let parser = JSONParser()
    var tape = JSONTape()
    let t0 = now()
    raw.withUnsafeBytes { buffer in
        for r in lines {
            tape.removeAll()
            do {
                try parser.parse(UnsafeRawBufferPointer(rebasing: buffer[r]), into: &tape)
                if !schema.isValid(tape) { invalid += 1 }
            } catch {
                invalid += 1
            }
        }
    }
    return (now() - t0, invalid)
}

/// (a) and (b) measured in turn within each run, so that a slower or faster spell of this shared,
/// noisy host falls on both sides of the ratio; the ratio is the median of the per-run ratios.
struct ParseRuns {
    var parse: [Double] = []
    var validate: [[Double]] = [[], []]
    var ratios: [[Double]] = [[], []]
    var invalid = [0, 0]
}
if getenv("ACCORD_BENCH_PROFILE_JANSSON") != nil {
    // For callgrind: only (a), to set beside ACCORD_BENCH_PROFILE_PARSE's (b).
    for _ in 0..<runs { _ = parseOnce() }
    exit(0)
}
if getenv("ACCORD_BENCH_PROFILE_PARSE") != nil {
    // For perf: only (b), formats off.
    for _ in 0..<runs { _ = parseAndValidateOnce(schemaOff) }
    exit(0)
}
var parseRuns = ParseRuns()
for _ in 0..<(profiling ? 0 : runs) {
    let a = parseOnce()
    parseRuns.parse.append(a)
    for (k, schema) in [schemaOff!, schemaOn!].enumerated() {
        let (b, invalid) = parseAndValidateOnce(schema)
        parseRuns.validate[k].append(b)
        parseRuns.ratios[k].append(b / a)
        parseRuns.invalid[k] = invalid
    }
}
let parseOnly = profiling ? 1 : median(parseRuns.parse)

// (c) validate only, over tapes parsed beforehand: 1024 documents per tape (the NDJSON reader's
// batch), so the documents lie in memory one after another as a batch's do, not in 100 000 heap
// blocks scattered by the parsing runs above.
let parser = JSONParser()
let documentsPerTape = 1024
let batches: [(tape: JSONTape, roots: [Int])] = raw.withUnsafeBytes { buffer in
    stride(from: 0, to: lines.count, by: documentsPerTape).map { first in
        var tape = JSONTape()
        var roots: [Int] = []
        for r in lines[first..<min(first + documentsPerTape, lines.count)] {
            roots.append(tape.nodeCount)
            try! parser.parse(UnsafeRawBufferPointer(rebasing: buffer[r]), into: &tape)
        }
        return (tape, roots)
    }
}
func validateOnly(_ schema: JSONSchema) -> (Double, Int) {
    var times: [Double] = []
    var invalid = 0
    for _ in 0..<runs {
        invalid = 0
        let t0 = now()
        for batch in batches {
            for root in batch.roots where !schema.isValid(batch.tape, at: root) { invalid += 1 }
        }
        times.append(now() - t0)
    }
    return (median(times), invalid)
}

if profiling {
    // For callgrind and A/B runs: only the validate-only phase.
    let (c, invalid) = validateOnly(schemaOff)
    report("(c) validate only, formats off", c, invalid: invalid, expected: expectedOff)
    exit(0)
}
print("")
report("(a) jansson parse only", parseOnly)
for (k, (name, schema, expected)) in [("formats off", schemaOff!, expectedOff), ("formats on", schemaOn!, expectedOn)].enumerated() {
    let (c, invalidC) = validateOnly(schema)
    report("(b) parse + validate, \(name)", median(parseRuns.validate[k]), invalid: parseRuns.invalid[k], expected: expected)
    report("(c) validate only, \(name)", c, invalid: invalidC, expected: expected)
    print("    ratio (b)/(a), \(name): \(fixed(median(parseRuns.ratios[k]), 3)) (median of \(runs) runs, (a) and (b) timed in turn)")
}

// Fast path (issue 7): both parsers, streaming end to end, --jobs scaling, peak RSS (FastPathBench.swift).
try FastPathBench.run(dataDir: dir, schemaOff: schemaOff, schemaOn: schemaOn, expectedOff: expectedOff, expectedOn: expectedOn,
                      accord: arguments.count >= 3 ? arguments[2] : nil)
