#if canImport(Glibc)
import Glibc
#endif

/// Keeps glibc's allocator from handing memory back to the kernel between requests.
///
/// By default glibc trims a thread's heap whenever its free top passes a threshold that it also moves
/// as large blocks come and go; under steady load the event loops' heaps shrink and grow all the time,
/// which costs a `madvise` system call and then page faults (a zeroed page each) on the memory's next
/// use: about one fault per proxied request, measured under `wrk`. Fixed thresholds stop that: the heap
/// stays at its high-water mark (what peak RSS reports anyway), and blocks below 4 MiB come from it.
public enum MallocTuning {
    public static let trimThreshold: Int32 = 256 << 20
    public static let mmapThreshold: Int32 = 4 << 20

    /// `mallopt`'s parameter numbers, from glibc's `malloc.h` (which Swift's Glibc module leaves out).
    private static let trimThresholdParameter: Int32 = -1
    private static let mmapThresholdParameter: Int32 = -3

    /// Applies the thresholds; returns false where the C library has no `mallopt` or refused them.
    @discardableResult
    public static func keepHeapsWarm() -> Bool {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        return mallopt(trimThresholdParameter, trimThreshold) == 1 && mallopt(mmapThresholdParameter, mmapThreshold) == 1
        #else
        return false
        #endif
    }
}
