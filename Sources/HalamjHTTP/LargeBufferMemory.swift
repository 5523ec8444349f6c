#if canImport(Glibc)
import Glibc
import CMalloc
#endif

/// Makes freed request bodies go back to the system, so that the body budget bounds the
/// process's memory and not only the bytes in use.
///
/// glibc serves a large allocation with its own mapping, but after the first such block is
/// freed it raises that threshold to the block's size (up to 32 MiB): later bodies then come
/// from the per-thread arenas, which keep freed memory. Measured with 30 MB bodies through a
/// 64 MiB budget: resident memory grew by 250 MiB and stayed. A fixed threshold turns that
/// adjustment off.
enum LargeBufferMemory {
    /// Allocations from this size up get a mapping of their own, unmapped when freed.
    static let ownMappingBytes: Int32 = 1024 * 1024

    /// Process-wide and idempotent, like ignoring SIGPIPE; called when a server starts.
    static func returnLargeBuffersToTheSystem() {
        #if canImport(Glibc)
        _ = mallopt(M_MMAP_THRESHOLD, ownMappingBytes)
        #endif
    }
}
