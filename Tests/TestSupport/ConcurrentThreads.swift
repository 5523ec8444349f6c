import Foundation

/// Runs `work(0..<count)` at once, each on a thread of its own (blocking socket clients would
/// starve Swift's cooperative pool); false when they have not all ended within `timeout`.
public func onThreads(_ count: Int, within timeout: Duration, _ work: @escaping @Sendable (Int) -> Void) -> Bool {
    let done = DispatchGroup()
    for index in 0..<count {
        done.enter()
        Thread.detachNewThread {
            work(index)
            done.leave()
        }
    }
    let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
    return done.wait(timeout: .now() + seconds) == .success
}
