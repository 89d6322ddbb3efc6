// accord-bench, fast path (issue 7): parse-only for both parsers, NDJSON streaming end to end
// (in process, and through the real `accord validate` binary) with formats off and on, `--jobs 2`
// scaling, and peak RSS on a 1 GB stream.
import AccordJSON
import AccordSchema

#if canImport(Glibc)
import Glibc
#endif

enum FastPathBench {
    static func clock() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// CPU time of the calling thread: on a machine shared with other work, the honest single-core cost.
    static func cpuClock() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

    static func format(_ value: Double, _ decimals: Int, width: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((value * scale).rounded())
        var text = decimals == 0 ? String(scaled) : String(scaled / Int64(scale)) + "." + {
            let f = String(abs(scaled) % Int64(scale))
            return String(repeating: "0", count: decimals - f.count) + f
        }()
        if decimals > 0, scaled < 0, scaled / Int64(scale) == 0 { text = "-" + text }
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }

    static func label(_ text: String) -> String { text + String(repeating: " ", count: max(0, 46 - text.count)) }

    struct Workload {
        let dir: String
        let events: String
        let schemaPath: String
        let raw: [UInt8]            // the NDJSON file, followed by padding
        let lines: [Range<Int>]
        var count: Double { Double(lines.count) }
        var bytes: Double { Double(lines.reduce(0) { $0 + $1.count }) }
    }

    static func load(_ dir: String) -> Workload {
        let events = dir + "/order.placed.events.ndjson"
        var raw: [UInt8] = []
        if let f = fopen(events, "rb") {
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
                if n == 0 { break }
                raw.append(contentsOf: chunk[0..<n])
            }
            fclose(f)
        }
        var lines: [Range<Int>] = []
        var start = 0
        for (i, b) in raw.enumerated() where b == UInt8(ascii: "\n") {
            if i > start { lines.append(start..<i) }
            start = i + 1
        }
        raw.append(contentsOf: repeatElement(0, count: BulkJSONParser.padding))
        return Workload(dir: dir, events: events, schemaPath: dir + "/order.placed.schema.json", raw: raw, lines: lines)
    }

    /// One result line: wall-clock rate, and the rate per CPU-second (unaffected by other load).
    static func line(_ w: Workload, _ name: String, seconds: Double, cpu: Double, invalid: Int? = nil, expected: Int? = nil, extra: String = "") {
        var text = label(name) + format(w.count / seconds, 0, width: 9) + " events/s " + format(w.bytes / seconds / 1e6, 1, width: 7) + " MB/s"
        text += " | cpu " + format(w.count / cpu, 0, width: 9) + " events/s " + format(cpu / w.count * 1e9, 0, width: 6) + " ns/event"
        if let invalid, let expected { text += "  invalid \(invalid) " + (invalid == expected ? "OK" : "MISMATCH (manifest \(expected))") }
        print(text + extra)
    }

    /// Parse only, into the tape the validator reads.
    static func parseOnly(_ w: Workload, backend: JSONParserBackend, runs: Int) -> (Double, Double, Int) {
        let parser = BulkJSONParser(backend: backend)
        var tape = JSONTape()
        var times: [Double] = []
        var cpus: [Double] = []
        var nodes = 0
        for _ in 0..<runs {
            nodes = 0
            let t0 = clock(), c0 = cpuClock()
            w.raw.withUnsafeBytes { buffer in
                for r in w.lines {
                    try? parser.parse(UnsafeRawBufferPointer(rebasing: buffer[r]), readable: buffer.count - r.lowerBound, into: &tape)
                    nodes &+= tape.nodeCount
                }
            }
            times.append(clock() - t0)
            cpus.append(cpuClock() - c0)
        }
        return (median(times), median(cpus), nodes)
    }

    /// What `accord validate --output flag FILE` does, in process: NDJSON batches, parse, validate.
    static func stream(_ w: Workload, schema: JSONSchema, backend: JSONParserBackend, runs: Int) throws -> (Double, Double, Int) {
        let parser = BulkJSONParser(backend: backend)
        var tape = JSONTape()
        var times: [Double] = []
        var cpus: [Double] = []
        var invalid = 0
        for _ in 0..<runs {
            invalid = 0
            let t0 = clock(), c0 = cpuClock()
            try NDJSONReader(path: w.events).forEachBatch { batch in
                batch.forEachLine { line, readable in
                    guard case .text(_, let bytes) = line else { invalid += 1; return }
                    do {
                        try parser.parse(bytes, readable: readable, into: &tape)
                        if !schema.isValid(tape) { invalid += 1 }
                    } catch {
                        invalid += 1
                    }
                }
                return true
            }
            times.append(clock() - t0)
            cpus.append(cpuClock() - c0)
        }
        return (median(times), median(cpus), invalid)
    }

    struct Run {
        var seconds: Double
        var cpu: Double
        var status: Int32
        var maxRSSKilobytes: Int
        var invalidLines: Int
    }

    /// Runs the real binary with stdout to a file; wall time, exit status, peak RSS (wait4) and the
    /// number of `{"valid":false}` lines it printed.
    static func spawn(_ binary: String, _ arguments: [String], output: String) -> Run? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let t0 = clock()
        guard posix_spawn(&pid, binary, &actions, nil, argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        var usage = rusage()
        // Peak RSS from the child's own VmHWM, polled until it exits: wait4's ru_maxrss would include this
        // process's RSS, which Linux carries into a child across fork and exec.
        var peakKilobytes = 0
        while true {
            let done = wait4(pid, &status, WNOHANG, &usage)
            if done == pid { break }
            guard done == 0 else { return nil }
            peakKilobytes = max(peakKilobytes, highWaterMarkKilobytes(pid))
            usleep(2000)
        }
        let seconds = clock() - t0
        var invalid = 0
        if let f = fopen(output, "rb") {
            var line = [CChar](repeating: 0, count: 256)
            // One `{"valid":true}` or `{"valid":false}` per line.
            while fgets(&line, 256, f) != nil { if strstr(line, "false") != nil { invalid += 1 } }
            fclose(f)
        }
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return Run(seconds: seconds, cpu: cpu, status: (status >> 8) & 0xff, maxRSSKilobytes: peakKilobytes, invalidLines: invalid)
    }

    /// `VmHWM` (peak resident set, kB) from /proc/PID/status; 0 when it cannot be read.
    static func highWaterMarkKilobytes(_ pid: pid_t) -> Int {
        guard let f = fopen("/proc/\(pid)/status", "r") else { return 0 }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, 256, f) != nil {
            let text = String(cString: line)
            if text.hasPrefix("VmHWM:") {
                return Int(text.dropFirst(6).filter { $0.isNumber }) ?? 0
            }
        }
        return 0
    }

    /// A stream of at least `size` bytes made of copies of the workload, built once.
    static func bigStream(_ w: Workload, size: Int) -> (path: String, events: Int)? {
        let path = w.dir + "/order.placed.events.1gb.ndjson"
        let body = Array(w.raw.prefix(w.raw.count - BulkJSONParser.padding))
        let copies = (size + body.count - 1) / body.count
        var info = stat()
        if stat(path, &info) != 0 || Int(info.st_size) != copies * body.count {
            guard let f = fopen(path, "wb") else { return nil }
            for _ in 0..<copies { _ = body.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) } }
            fclose(f)
        }
        return (path, copies * w.lines.count)
    }

    static func run(dataDir: String, schemaOff: JSONSchema, schemaOn: JSONSchema, expectedOff: Int, expectedOn: Int, accord: String?) throws {
        let w = load(dataDir)
        let runs = 5
        print("")
        print("fast path (simdjson \(BulkJSONParser.simdjsonImplementation) kernel; jansson for lines simdjson cannot read exactly as jansson)")
        var parseCost: [JSONParserBackend: Double] = [:]
        for backend in JSONParserBackend.allCases {
            let (t, cpu, nodes) = parseOnly(w, backend: backend, runs: runs)
            parseCost[backend] = cpu
            line(w, "parse only into tape, \(backend)", seconds: t, cpu: cpu, extra: "  (\(nodes / w.lines.count) nodes/event)")
        }
        if let j = parseCost[.jansson], let s = parseCost[.simdjson] { print("    simdjson parses \(format(j / s, 1, width: 0))x faster than jansson (cpu time)") }

        print("in-process stream (NDJSONReader batches + parse + isValid), one core:")
        for (name, schema, expected) in [("formats off", schemaOff, expectedOff), ("formats on", schemaOn, expectedOn)] {
            for backend in JSONParserBackend.allCases {
                let (t, cpu, invalid) = try stream(w, schema: schema, backend: backend, runs: runs)
                line(w, "  \(backend), \(name)", seconds: t, cpu: cpu, invalid: invalid, expected: expected)
            }
        }

        guard let accord, access(accord, X_OK) == 0 else {
            print("accord binary not found: build it with `swift build -c release --product accord` for the end-to-end figures")
            return
        }
        let output = w.dir + "/accord-bench.out"
        print("end to end: \(accord) validate --output flag FILE (median of 3; cpu = user+sys of the process):")
        var oneCore: [String: Double] = [:]
        for (name, flags, expected) in [("formats off", [String](), expectedOff), ("formats on", ["--assert-format"], expectedOn)] {
            for backend in JSONParserBackend.allCases {
                for jobs in [1, 2] {
                    var results: [Run] = []
                    for _ in 0..<3 {
                        let args = ["validate", "--schema", w.schemaPath, "--output", "flag", "--parser", backend.rawValue, "--jobs", "\(jobs)"] + flags + [w.events]
                        guard let r = spawn(accord, args, output: output) else { break }
                        results.append(r)
                    }
                    guard let last = results.last else { print("  cannot run \(accord)"); return }
                    let t = median(results.map(\.seconds))
                    let cpu = median(results.map(\.cpu))
                    let key = "\(backend) \(name)"
                    var extra = ""
                    if jobs == 1 { oneCore[key] = t } else if let base = oneCore[key] { extra = "  scaling \(format(base / t, 2, width: 0))x" }
                    line(w, "  \(backend), \(name), --jobs \(jobs)", seconds: t, cpu: cpu, invalid: last.invalidLines, expected: expected, extra: extra)
                }
            }
        }

        if let big = bigStream(w, size: 1 << 30) {
            print("peak RSS on a 1 GB stream (\(big.events) events), formats off, --output flag:")
            for (backend, jobs) in [(JSONParserBackend.simdjson, 1), (.simdjson, 2), (.jansson, 1)] {
                let args = ["validate", "--schema", w.schemaPath, "--output", "flag", "--parser", backend.rawValue, "--jobs", "\(jobs)", big.path]
                guard let r = spawn(accord, args, output: output) else { continue }
                let rate = Double(big.events) / r.seconds
                print(label("  \(backend), --jobs \(jobs)") + format(rate, 0, width: 9) + " events/s (cpu \(format(Double(big.events) / r.cpu, 0, width: 0)) events/s)   peak RSS \(format(Double(r.maxRSSKilobytes) / 1024, 1, width: 0)) MB"
                      + (r.maxRSSKilobytes < 100 * 1024 ? "  OK (< 100 MB)" : "  OVER 100 MB") + "  exit \(r.status)")
            }
        }
        unlink(output)
    }
}
