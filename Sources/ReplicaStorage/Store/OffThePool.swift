import Foundation

extension ReplicaStore {
    /// Runs `work` on this store's own queue and waits for it without holding a thread of
    /// Swift's cooperative pool. That pool has one thread per core (two on an office PC),
    /// and SQLite blocks the thread it runs on (on the store's lock behind a merge, on
    /// the disk): two blocked calls would stop every task of the program, the web app's
    /// answers and the sync's own transfers with them. Async code calls the store here.
    /// (A thread made for each call cost 50–100 µs a call; the queue's thread is reused.)
    public func offPool<T: Sendable>(_ work: @escaping @Sendable (ReplicaStore) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            offPoolQueue.async { continuation.resume(with: Result { try work(self) }) }
        }
    }
}
