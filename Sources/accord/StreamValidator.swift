import AccordJSON
import AccordSchema
import Dispatch

/// Validates an NDJSON stream (a file or stdin) in batches of lines: read in bounded chunks, parsed
/// with the chosen backend, validated on `jobs` threads, and printed in input order.
///
/// Memory stays bounded by `jobs` batches (about 512 KB of text each) whatever the input size.
struct StreamValidator: Sendable {
    let schema: JSONSchema
    let format: ValidateCommand.OutputFormat
    let backend: JSONParserBackend
    let jobs: Int
    var options = JSONParseOptions()
    var batchLines = 1024
    var batchBytes = 1 << 19

    /// One batch's results, rendered but not yet printed.
    struct Outcome {
        var printer: ResultPrinter
        var diagnostics: [String] = []
        var status: Int32 = 0
    }

    /// A thread's parser and tape, reused batch after batch. Only one thread uses a worker at a time.
    final class Worker: @unchecked Sendable {
        let parser: BulkJSONParser
        var tape = JSONTape()

        init(backend: JSONParserBackend, options: JSONParseOptions) {
            parser = BulkJSONParser(backend: backend, options: options)
        }
    }

    /// Validates every line of `path` (`-` for stdin) into `printer`; returns the highest exit status.
    func run(path: String, printer: inout ResultPrinter) -> Int32 {
        let label = path == "-" ? "stdin" : path
        let workers = (0..<max(1, jobs)).map { _ in Worker(backend: backend, options: options) }
        var status: Int32 = 0
        var pending: [NDJSONBatch] = []

        func emit(_ outcome: Outcome) {
            for line in outcome.diagnostics { FileHandleOutput.standardError(line) }
            printer.append(outcome.printer)
            status = max(status, outcome.status)
        }

        func runPending() {
            if pending.count == 1 {
                emit(process(pending[0], label: label, worker: workers[0]))
            } else if !pending.isEmpty {
                let outcomes = processInParallel(pending, label: label, workers: workers)
                for outcome in outcomes { emit(outcome) }
            }
            pending.removeAll(keepingCapacity: true)
        }

        do {
            let reader = path == "-" ? NDJSONReader(fileDescriptor: 0, maxLineBytes: options.maxDocumentBytes)
                : try NDJSONReader(path: path, maxLineBytes: options.maxDocumentBytes)
            do {
                try reader.forEachBatch(maxLines: batchLines, maxBytes: batchBytes) { batch in
                    pending.append(batch)
                    if pending.count >= workers.count { runPending() }
                    return true
                }
            } catch {
                runPending()
                throw error
            }
            runPending()
        } catch {
            let message = "\(error)"
            FileHandleOutput.standardError("accord: \(message)")
            printer.printUnreadable(name: label, message: message)
            status = 2
        }
        return status
    }

    /// Processes one batch per worker at the same time; outcomes in batch order.
    private func processInParallel(_ batches: [NDJSONBatch], label: String, workers: [Worker]) -> [Outcome] {
        let slots = OutcomeSlots(count: batches.count)
        DispatchQueue.concurrentPerform(iterations: batches.count) { i in
            slots.store(process(batches[i], label: label, worker: workers[i]), at: i)
        }
        return slots.outcomes
    }

    /// Parses, validates and renders each line of `batch`.
    func process(_ batch: NDJSONBatch, label: String, worker: Worker) -> Outcome {
        var outcome = Outcome(printer: ResultPrinter(format: format, flushes: false))
        let parser = worker.parser
        batch.forEachLine { line, readable in
            switch line {
            case .text(let number, let bytes):
                do throws(JSONParseError) {
                    try parser.parse(bytes, readable: readable, into: &worker.tape, file: label)
                } catch {
                    let message = "\(label):\(number):\(error.column): \(error.reason)"
                    outcome.diagnostics.append("accord: \(message)")
                    outcome.printer.printUnreadable(name: "\(label):\(number)", message: message)
                    outcome.status = 2
                    return
                }
                let result = format == .flag
                    ? ValidationResult(isValid: schema.isValid(worker.tape), errors: [])
                    : schema.validate(worker.tape)
                outcome.printer.print(result, name: format == .text ? "\(label):\(number)" : "")
                if !result.isValid { outcome.status = max(outcome.status, 1) }
            case .oversized(let number, let size):
                let message = "\(label):\(number): line of \(size) bytes is larger than the limit of \(options.maxDocumentBytes) bytes"
                outcome.diagnostics.append("accord: \(message)")
                outcome.printer.printUnreadable(name: "\(label):\(number)", message: message)
                outcome.status = 2
            }
        }
        return outcome
    }
}

/// Results written by several threads, each to its own slot.
private final class OutcomeSlots: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<StreamValidator.Outcome?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    /// Each index is stored by exactly one thread, and read only after every thread has finished.
    func store(_ outcome: StreamValidator.Outcome, at index: Int) { slots[index] = outcome }

    var outcomes: [StreamValidator.Outcome] { (0..<count).map { slots[$0]! } }
}
