import Synchronization

/// The request-body bytes a server may hold at once, across all its connections.
///
/// The per-body cap alone lets N connections hold N bodies at that cap; this bounds the sum,
/// so memory stays bounded however many clients upload at once. A connection reserves a
/// `Content-Length` body whole before reading it, and a chunked body as it grows, and
/// releases what it holds when its request is done, failed or cut.
///
/// One sender (whom the server's head check names: an office, by its token) holds at most
/// `share` of it, however many connections it opens: a body is reserved whole before it
/// arrives and may arrive slowly for many minutes on an honest slow link, so without a
/// share one credential holder could reserve the whole budget with a few trickling
/// requests and leave every other office with 503s.
public final class HTTPBodyBudget: Sendable {
    public let capacity: Int
    /// The most one named sender holds at once.
    public let share: Int

    private struct Held {
        var total = 0
        var bySender: [String: Int] = [:]
    }

    private let held = Mutex(Held())

    public init(capacity: Int, share: Int? = nil) {
        precondition(capacity >= 0, "a body budget cannot be negative")
        self.capacity = capacity
        self.share = min(capacity, max(0, share ?? capacity))
    }

    /// Bytes currently reserved by requests being read or handled.
    public var heldBytes: Int { held.withLock { $0.total } }

    /// Bytes currently reserved by `sender`'s requests.
    public func heldBytes(by sender: String) -> Int { held.withLock { $0.bySender[sender] ?? 0 } }

    /// Takes `bytes` from the budget for `sender` (nil: nobody named, only the whole
    /// budget counts); false, taking nothing, when they do not fit.
    public func reserve(_ bytes: Int, for sender: String? = nil) -> Bool {
        precondition(bytes >= 0, "a reservation cannot be negative")
        return held.withLock { held in
            guard bytes <= capacity - held.total else { return false }
            if let sender {
                let already = held.bySender[sender] ?? 0
                guard bytes <= share - already else { return false }
                held.bySender[sender] = already + bytes
            }
            held.total += bytes
            return true
        }
    }

    /// Gives back bytes taken by `reserve` for the same sender.
    public func release(_ bytes: Int, for sender: String? = nil) {
        held.withLock { held in
            precondition(bytes >= 0 && bytes <= held.total, "released \(bytes) body bytes, but only \(held.total) are held")
            held.total -= bytes
            if let sender {
                let left = (held.bySender[sender] ?? 0) - bytes
                precondition(left >= 0, "released \(bytes) body bytes of \(sender), more than it holds")
                held.bySender[sender] = left == 0 ? nil : left
            }
        }
    }
}
