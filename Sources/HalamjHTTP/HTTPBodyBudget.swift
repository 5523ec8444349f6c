import Synchronization

/// The request-body bytes a server may hold at once, across all its connections.
///
/// The per-body cap alone lets N connections hold N bodies at that cap; this bounds the sum,
/// so memory stays bounded however many clients upload at once. A connection reserves a
/// `Content-Length` body whole before reading it, and a chunked body as it grows, and
/// releases what it holds when its request is done, failed or cut.
public final class HTTPBodyBudget: Sendable {
    public let capacity: Int
    private let held = Mutex(0)

    public init(capacity: Int) {
        precondition(capacity >= 0, "a body budget cannot be negative")
        self.capacity = capacity
    }

    /// Bytes currently reserved by requests being read or handled.
    public var heldBytes: Int { held.withLock { $0 } }

    /// Takes `bytes` from the budget; false, taking nothing, when they do not fit.
    public func reserve(_ bytes: Int) -> Bool {
        precondition(bytes >= 0, "a reservation cannot be negative")
        return held.withLock { held in
            guard bytes <= capacity - held else { return false }
            held += bytes
            return true
        }
    }

    /// Gives back bytes taken by `reserve`.
    public func release(_ bytes: Int) {
        held.withLock { held in
            precondition(bytes >= 0 && bytes <= held, "released \(bytes) body bytes, but only \(held) are held")
            held -= bytes
        }
    }
}
