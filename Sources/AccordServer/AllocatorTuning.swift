#if canImport(Glibc)
import Glibc
#endif

/// Process-wide memory allocator settings for a long-running registry server.
public enum AllocatorTuning {
    /// How much freed memory at the top of a glibc arena is kept before it is given back.
    public static let trimThreshold: Int32 = 16 << 20

    /// Keeps up to ``trimThreshold`` of freed memory per glibc arena instead of 128 KiB.
    ///
    /// glibc gives the freed top of a thread's arena back to the kernel (`madvise`) as soon as it
    /// passes its trim threshold. A registration allocates and frees a few hundred KiB (parse,
    /// compile, SQLite pages), so under load the arena tops cross the default threshold again and
    /// again: measured with `perf stat` over 10 s of registrations, 14 000 to 29 000 `madvise`
    /// calls, each followed by page faults, and about 30 % more CPU per registration. With
    /// this threshold there are none. Call it once, at start-up, before the server allocates.
    /// Does nothing where the C library is not glibc.
    public static func keepFreedMemory() {
        #if canImport(Glibc)
        // <malloc.h> is not part of Swift's Glibc module: look `mallopt` up by name. Its option
        // M_TRIM_THRESHOLD is `#define M_TRIM_THRESHOLD -1` there.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let trimThresholdOption: Int32 = -1
        _ = unsafeBitCast(symbol, to: Mallopt.self)(trimThresholdOption, trimThreshold)
        #endif
    }
}
