import CPCRE2

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

package enum RegexMatchOutcome: Sendable, Equatable { case match, noMatch, limitExceeded }

package struct ECMARegexError: Error, Sendable, Equatable, CustomStringConvertible {
    package var pattern: String
    /// Byte offset in the ECMA pattern where the problem is (best effort).
    package var offset: Int
    /// Plain words, e.g. "unbalanced parenthesis: missing ')'".
    package var message: String

    package var description: String {
        "invalid regular expression /\(pattern)/ at offset \(offset): \(message)"
    }
}

/// A compiled ECMA-262 regular expression. Immutable after init; safe to use from many threads at once.
package final class ECMARegex: @unchecked Sendable {
    package let pattern: String
    /// The translated PCRE2 pattern (for diagnostics).
    let pcre2Pattern: String
    private let code: OpaquePointer  // pcre2_code_8*
    private let jitCompiled: Bool
    /// Copies of process-wide values, kept per instance so the hot path skips lazy-global checks.
    private let threadKey: pthread_key_t
    private let emptySubject: UnsafePointer<UInt8>

    package init(_ pattern: String) throws(ECMARegexError) {
        self.pattern = pattern
        threadKey = regexThreadKey
        emptySubject = regexEmptySubject
        var translator = ECMARegexTranslator(pattern)
        try translator.translate()
        let translated = translator.output
        pcre2Pattern = String(decoding: translated, as: UTF8.self)

        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        var options: UInt32 = PCRE2_UTF | PCRE2_NO_UTF_CHECK | PCRE2_ALLOW_EMPTY_CLASS | PCRE2_NEVER_BACKSLASH_C
        if translator.usesBackreferences {
            // ECMA: a backreference to a group that did not participate matches the empty string.
            options |= PCRE2_MATCH_UNSET_BACKREF
        }
        let compiled = translated.withUnsafeBufferPointer { buf -> OpaquePointer? in
            pcre2_compile_8(buf.baseAddress ?? regexEmptySubject, buf.count, options,
                            &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw ECMARegexError(
                pattern: pattern,
                offset: translator.sourceOffset(forOutputOffset: errorOffset),
                message: regexPCRE2ErrorMessage(errorCode))
        }
        code = compiled
        jitCompiled = regexJITAvailable && pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0
    }

    deinit {
        pcre2_code_free_8(code)
    }

    /// Unanchored search in UTF-8 bytes (valid UTF-8 guaranteed by the caller).
    @inline(__always)
    package func matches(_ utf8: UnsafeBufferPointer<UInt8>) -> RegexMatchOutcome {
        let state = regexThreadState(threadKey)
        let subject = utf8.baseAddress ?? emptySubject
        let rc: Int32
        if jitCompiled {
            rc = pcre2_jit_match_8(code, subject, utf8.count, 0, 0,
                                   state.pointee.matchData, state.pointee.matchContext)
        } else {
            rc = pcre2_match_8(code, subject, utf8.count, 0, PCRE2_NO_UTF_CHECK,
                               state.pointee.matchData, state.pointee.matchContext)
        }
        // rc == 0 means "matched, but the ovector was too small", which is still a match.
        if rc >= 0 { return .match }
        if rc == PCRE2_ERROR_NOMATCH { return .noMatch }
        if rc == PCRE2_ERROR_JIT_STACKLIMIT { return matchWithLargeJITStack(subject, utf8.count, state) }
        // MATCHLIMIT, DEPTHLIMIT, HEAPLIMIT, JIT_STACKLIMIT, NOMEMORY (and anything unexpected):
        // the engine gave up without an answer.
        return .limitExceeded
    }

    /// Rare path: the per-thread JIT stack was too small (deep backtracking over a long
    /// subject). Retry once with a temporary, much larger stack that is released afterwards,
    /// so a single huge match does not leave a big stack attached to the thread.
    @inline(never)
    private func matchWithLargeJITStack(_ subject: UnsafePointer<UInt8>, _ length: Int,
                                        _ state: UnsafeMutablePointer<RegexThreadState>) -> RegexMatchOutcome {
        guard let context = pcre2_match_context_copy_8(state.pointee.matchContext) else { return .limitExceeded }
        defer { pcre2_match_context_free_8(context) }
        guard let stack = pcre2_jit_stack_create_8(regexJITStackStart, regexJITLargeStackMax, nil) else {
            return .limitExceeded
        }
        defer { pcre2_jit_stack_free_8(stack) }
        pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(stack))
        let rc = pcre2_jit_match_8(code, subject, length, 0, 0, state.pointee.matchData, context)
        if rc >= 0 { return .match }
        if rc == PCRE2_ERROR_NOMATCH { return .noMatch }
        return .limitExceeded
    }

    /// Convenience wrapper for `matches(_: UnsafeBufferPointer<UInt8>)`.
    package func matches(_ string: String) -> RegexMatchOutcome {
        var s = string
        return s.withUTF8 { matches($0) }
    }
}

// MARK: - Limits

/// Backtracking budget per start position. Lets ordinary patterns run over multi-megabyte
/// subjects (a group iteration costs ~1 unit) while cutting catastrophic backtracking short.
let regexMatchLimit: UInt32 = 10_000_000
/// Interpreter only (JIT ignores it): maximum backtracking depth.
let regexDepthLimit: UInt32 = 10_000_000
/// Interpreter only: heap used for backtracking frames, in KiB.
let regexHeapLimitKiB: UInt32 = 256 * 1024
/// JIT stack per thread: start small, grow on demand up to this size (address space is
/// reserved lazily by the kernel, so unused capacity costs nothing).
let regexJITStackStart = 32 * 1024
let regexJITStackMax = 8 * 1024 * 1024
/// Retry stack for the rare match that overflows the per-thread stack (released after use).
let regexJITLargeStackMax = 512 * 1024 * 1024

// MARK: - Internals

nonisolated(unsafe) let regexEmptySubject: UnsafePointer<UInt8> = {
    let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    p.initialize(to: 0)
    return UnsafePointer(p)
}()

let regexJITAvailable: Bool = {
    var value: UInt32 = 0
    return pcre2_config_8(UInt32(PCRE2_CONFIG_JIT), &value) >= 0 && value != 0
}()

func regexPCRE2ErrorMessage(_ code: Int32) -> String {
    var buffer = [UInt8](repeating: 0, count: 256)
    let n = buffer.withUnsafeMutableBufferPointer { pcre2_get_error_message_8(code, $0.baseAddress, $0.count) }
    if n < 0 { return "PCRE2 error \(code)" }
    return String(decoding: buffer[0..<Int(n)], as: UTF8.self)
}

/// Per-thread matching resources: a one-pair match data block (enough for a yes/no answer,
/// shared by every regex), a match context carrying the limits, and a JIT stack.
struct RegexThreadState {
    var matchData: OpaquePointer   // pcre2_match_data_8*
    var matchContext: OpaquePointer  // pcre2_match_context_8*
    var jitStack: OpaquePointer?   // pcre2_jit_stack_8*
}

private func regexDestroyThreadState(_ raw: UnsafeMutableRawPointer?) {
    guard let raw else { return }
    let state = raw.assumingMemoryBound(to: RegexThreadState.self)
    pcre2_match_data_free_8(state.pointee.matchData)
    pcre2_match_context_free_8(state.pointee.matchContext)
    if let stack = state.pointee.jitStack { pcre2_jit_stack_free_8(stack) }
    state.deinitialize(count: 1)
    state.deallocate()
}

private func regexDestroyThreadState(_ raw: UnsafeMutableRawPointer) {
    regexDestroyThreadState(Optional(raw))
}

let regexThreadKey: pthread_key_t = {
    var key = pthread_key_t()
    let rc = pthread_key_create(&key, { regexDestroyThreadState($0) })
    precondition(rc == 0, "pthread_key_create failed")
    return key
}()

@inline(__always)
func regexThreadState(_ key: pthread_key_t) -> UnsafeMutablePointer<RegexThreadState> {
    if let raw = pthread_getspecific(key) {
        return raw.assumingMemoryBound(to: RegexThreadState.self)
    }
    return regexMakeThreadState()
}

@inline(never)
func regexMakeThreadState() -> UnsafeMutablePointer<RegexThreadState> {
    guard let matchData = pcre2_match_data_create_8(1, nil),
          let context = pcre2_match_context_create_8(nil) else {
        fatalError("PCRE2: out of memory creating match data")
    }
    pcre2_set_match_limit_8(context, regexMatchLimit)
    pcre2_set_depth_limit_8(context, regexDepthLimit)
    pcre2_set_heap_limit_8(context, regexHeapLimitKiB)
    var stack: OpaquePointer? = nil
    if regexJITAvailable {
        stack = pcre2_jit_stack_create_8(regexJITStackStart, regexJITStackMax, nil)
        if let stack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(stack)) }
    }
    let state = UnsafeMutablePointer<RegexThreadState>.allocate(capacity: 1)
    state.initialize(to: RegexThreadState(matchData: matchData, matchContext: context, jitStack: stack))
    pthread_setspecific(regexThreadKey, state)
    return state
}
