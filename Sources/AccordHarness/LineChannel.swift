import Foundation

/// Lines read from a descriptor on a dedicated thread, handed to async readers with a timeout.
/// Reading never blocks the concurrency pool, and a silent peer can never hang the harness.
final class LineChannel: @unchecked Sendable {
    enum Next: Sendable {
        case line([UInt8])
        case end
        case timedOut
    }

    private let lock = NSLock()
    private var lines: [[UInt8]] = []
    private var head = 0
    private var finished = false
    private var waiter: (id: UInt64, continuation: CheckedContinuation<Next, Never>)?
    private var nextWaiterID: UInt64 = 0
    private var expiredID: UInt64 = 0

    /// Starts a thread that reads `fd` until end of file, splitting on `\n`.
    init(fileDescriptor fd: Int32, name: String) {
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            var partial: [UInt8] = []
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                var batch: [[UInt8]] = []
                var start = 0
                for i in 0..<n where buffer[i] == 0x0A {
                    var line = partial
                    line.append(contentsOf: buffer[start..<i])
                    partial.removeAll(keepingCapacity: true)
                    if line.last == 0x0D { line.removeLast() }
                    batch.append(line)
                    start = i + 1
                }
                partial.append(contentsOf: buffer[start..<n])
                if !batch.isEmpty { push(batch) }
            }
            if !partial.isEmpty { push([partial]) }
            finish()
        }
        thread.name = name
        thread.start()
    }

    private func push(_ batch: [[UInt8]]) {
        lock.lock()
        lines.append(contentsOf: batch)
        if let w = waiter {
            waiter = nil
            let line = lines[head]
            head += 1
            lock.unlock()
            w.continuation.resume(returning: .line(line))
            return
        }
        lock.unlock()
    }

    private func finish() {
        lock.lock()
        finished = true
        let w = waiter
        waiter = nil
        lock.unlock()
        w?.continuation.resume(returning: .end)
    }

    /// The next line, `.end` at end of file, or `.timedOut` when nothing came within `timeout`.
    func next(timeout: Duration) async -> Next {
        let (ready, id): (Next?, UInt64) = lock.withLock {
            if let ready = takeLocked() { return (ready, 0) }
            nextWaiterID += 1
            return (nil, nextWaiterID)
        }
        if let ready { return ready }
        let timer = Task { [self] in
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled { expire(id) }
        }
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Next, Never>) in
            lock.lock()
            if let ready = takeLocked() {
                lock.unlock()
                continuation.resume(returning: ready)
            } else if expiredID >= id {
                lock.unlock()
                continuation.resume(returning: .timedOut)
            } else {
                waiter = (id, continuation)
                lock.unlock()
            }
        }
        timer.cancel()
        return result
    }

    private func takeLocked() -> Next? {
        if head < lines.count {
            let line = lines[head]
            head += 1
            if head > 1024 && head * 2 > lines.count { lines.removeFirst(head); head = 0 }
            return .line(line)
        }
        return finished ? .end : nil
    }

    private func expire(_ id: UInt64) {
        lock.lock()
        guard let w = waiter, w.id == id else {
            expiredID = max(expiredID, id)
            lock.unlock()
            return
        }
        waiter = nil
        lock.unlock()
        w.continuation.resume(returning: .timedOut)
    }
}

/// The last bytes a descriptor produced (a handler's stderr), for failure messages.
final class OutputTail: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private var ended = false
    private let limit: Int

    init(fileDescriptor fd: Int32, limit: Int = 4096, name: String) {
        self.limit = limit
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 8192)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                lock.withLock {
                    bytes.append(contentsOf: buffer[0..<n])
                    if bytes.count > limit { bytes.removeFirst(bytes.count - limit) }
                }
            }
            lock.withLock { ended = true }
        }
        thread.name = name
        thread.start()
    }

    var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }

    /// The tail once the writer closed its end (a process that exited), waiting at most `grace`.
    func finalText(grace: Duration = .milliseconds(200)) async -> String {
        let deadline = ContinuousClock.now + grace
        while !lock.withLock({ ended }) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return text
    }
}
