import Synchronization

/// A simulation's clock (`StoreSimulation`, `ThreeLevelSimulation`): true time, moved by the
/// simulation's steps; every replica reads it off by its own offset.
final class TrueTime: Sendable {
    let millis = Mutex<Int64>(1_767_225_600_000)  // 2026-01-01
    var now: Int64 { millis.withLock { $0 } }
}
