// accord-compat-bench: the compatibility-checker benchmark of `make bench`.
//
// Usage: accord-compat-bench [OUT_DIR]
// (a) diffs two 200-property schemas (BACKWARD and FULL, strict and lenient), median of 9 runs;
// (b) diffs every ordered pair of a generated 100-subject folder (written to OUT_DIR when given),
//     reporting the mean and the 99th percentile per pair. Target: under 10 ms per pair.
import AccordCompatibility
import AccordJSON
import AccordSchema

#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func ms(_ seconds: Double) -> String {
    let v = (seconds * 1000 * 1000).rounded() / 1000
    return "\(v) ms"
}

/// SplitMix64: the folder is the same on every run.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func str(_ s: String) -> JSONValue { .string(s) }
func obj(_ m: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(m)) }

/// A property schema of one of a few event-like shapes.
func property(_ i: Int, variant: Int, rng: inout SeededRandom) -> JSONValue {
    switch (i + variant) % 7 {
    case 0: return obj([("type", str("string")), ("maxLength", .integer(Int64(64 + variant)))])
    case 1: return obj([("type", str(variant % 3 == 0 ? "integer" : "number")), ("minimum", .integer(0))])
    case 2: return obj([("type", str("string")), ("format", str("date-time"))])
    case 3: return obj([("enum", .array((0..<(4 + variant % 3)).map { str("S\($0)") }))])
    case 4: return obj([("type", .array([str("string"), str("null")]))])
    case 5: return obj([("type", str("array")), ("items", obj([("type", str("string"))])), ("maxItems", .integer(Int64(10 + variant)))])
    default:
        return obj([("type", str("object")), ("properties", obj([("id", obj([("type", str("string"))])), ("n", obj([("type", str("integer"))]))])),
                    ("required", .array([str("id")]))])
    }
}

func schema(properties count: Int, variant: Int, rng: inout SeededRandom) -> JSONValue {
    var props: [(String, JSONValue)] = []
    for i in 0..<count { props.append(("field\(i)", property(i, variant: i % 10 == 0 ? variant : 0, rng: &rng))) }
    var required: [JSONValue] = (0..<min(count, 5)).map { str("field\($0)") }
    if variant % 4 == 1 { required.append(str("field\(count - 1)")) }
    return obj([("$schema", str("https://json-schema.org/draft/2020-12/schema")), ("type", str("object")),
                ("properties", obj(props)), ("required", .array(required)),
                ("additionalProperties", .bool(variant % 5 != 0))])
}

let checker = CompatibilityChecker()
var rng = SeededRandom(state: 42)

// (a) Two 200-property schemas.
let old200 = schema(properties: 200, variant: 0, rng: &rng)
let new200 = schema(properties: 200, variant: 1, rng: &rng)
print("accord-compat-bench: two 200-property schemas")
for (level, policy) in [(CompatibilityLevel.backward, CompatibilityPolicy.strict), (.full, .strict), (.full, .lenient)] {
    var times: [Double] = []
    var report: CompatibilityReport?
    for _ in 0..<9 {
        let t0 = now()
        report = try! checker.check(old: old200, new: new200, level: level, policy: policy)
        times.append(now() - t0)
    }
    let r = report!
    print("  \(level.rawValue.lowercased())/\(policy.rawValue.lowercased()): median \(ms(times.sorted()[4])) — compatible: \(r.isCompatible), \(r.changes.count) changes, witness: \(r.witness != nil)")
}

// (b) A 100-subject folder, every ordered pair.
var subjects: [JSONValue] = []
for s in 0..<100 { subjects.append(schema(properties: 10 + s % 30, variant: s % 9, rng: &rng)) }
if CommandLine.arguments.count > 1 {
    let dir = CommandLine.arguments[1]
    mkdir(dir, 0o755)
    for (i, s) in subjects.enumerated() {
        let path = dir + "/subject-\(i).json"
        if let f = fopen(path, "w") {
            fputs(JSONWriter.pretty(s), f)
            fclose(f)
        }
    }
}
var perPair: [Double] = []
var compatible = 0
var witnesses = 0
let start = now()
for i in subjects.indices {
    for j in subjects.indices where i != j {
        let t0 = now()
        let r = try! checker.check(old: subjects[i], new: subjects[j], level: .full)
        perPair.append(now() - t0)
        if r.isCompatible { compatible += 1 }
        if r.witness != nil { witnesses += 1 }
    }
}
let total = now() - start
perPair.sort()
print("accord-compat-bench: 100-subject folder, \(perPair.count) ordered pairs at FULL/strict")
print("  total \(ms(total)); per pair mean \(ms(total / Double(perPair.count))), median \(ms(perPair[perPair.count / 2])), p99 \(ms(perPair[perPair.count * 99 / 100])), max \(ms(perPair.last!))")
print("  \(compatible) compatible, \(witnesses) with a verified witness")
let verdict = total / Double(perPair.count) < 0.010 ? "met" : "MISSED"
print("  target under 10 ms per pair: \(verdict)")
