/// What one token may push and pull at a hub: the records of the offices in its scope,
/// and writes of those offices' own replicas. Every check that confines a caller asks
/// the scope (the push route's replica check and `PushAcceptance`, the pull route, the
/// store's change-feed queries), so that widening what a token holds is one change here.
///
/// Two kinds of token: one soum or khoroo office's (`office(_:)`), and a district hub's
/// at the national hub (`district(_:offices:)`, issue 19), which holds the offices the
/// district reported and writes as the district hub itself.
public struct SyncScope: Sendable, Hashable, CustomStringConvertible {
    /// Who the token speaks for: the office id, or the district hub's replica id. Rate
    /// limits, logs, sync history and the hub's bookkeeping of the caller's replicas are
    /// kept under it.
    public let holder: String
    /// The offices whose records the token may push and pull.
    public let offices: Set<String>

    private init(holder: String, offices: Set<String>) {
        self.holder = holder
        self.offices = offices
    }

    /// One office's token: its own records, written by its own replicas.
    public static func office(_ id: String) -> SyncScope {
        SyncScope(holder: id, offices: [id])
    }

    /// A district hub's token at the national hub: the records of `offices`, written by
    /// those offices' replicas and by the district hub `id` (any incarnation of either).
    public static func district(_ id: String, offices: Set<String>) -> SyncScope {
        SyncScope(holder: id, offices: offices)
    }

    /// Whether the holder is a district hub (its own writes are a hub's).
    public var isDistrict: Bool { holder.hasPrefix(ReplicaID.hubPrefix) }

    /// Whether records of `office` are the caller's to push and pull.
    public func contains(office: String) -> Bool {
        offices.contains(office)
    }

    /// Whether `record` is held by one of the caller's offices now (`Record.currentOffice`):
    /// the caller may write to it.
    public func holds(_ record: Record) -> Bool {
        contains(office: record.currentOffice)
    }

    /// Whether one of the caller's offices held `record` before a transfer: the caller
    /// keeps a read-only copy, and edits it made before it learnt of the transfer still
    /// reach the case (`PushAcceptance`).
    public func heldBefore(_ record: Record) -> Bool {
        record.wasTransferred && record.formerOffices.contains(where: contains(office:))
    }

    /// Whether `record` is the caller's to pull: held by it now or before.
    public func covers(_ record: Record) -> Bool {
        holds(record) || heldBefore(record)
    }

    /// Whether `replica` is one of the caller's own replicas (an office's node, or a
    /// restored incarnation of it, `ReplicaLineage`; for a district, also the district hub):
    /// its writes are the caller's to add, and a push or pull may name it.
    public func owns(replica: ReplicaID) -> Bool {
        let base = ReplicaLineage.base(of: replica.rawValue)
        return contains(office: base) || (isDistrict && base == holder)
    }

    /// Whether `replica` is the holder itself or a restored incarnation of it (an office's
    /// node, or the district hub; not the offices under a district).
    public func isHolder(_ replica: ReplicaID) -> Bool {
        ReplicaLineage.base(of: replica.rawValue) == holder
    }

    /// The offices in a stable order, for queries and messages.
    public var sortedOffices: [String] { offices.sorted() }

    public var description: String {
        offices == [holder] ? holder : "\(holder) (\(sortedOffices.joined(separator: ", ")))"
    }
}
