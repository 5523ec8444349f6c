/// What one token may push and pull at a hub: the records of the offices in its scope,
/// and writes of those offices' own replicas. Every check that confines a caller asks
/// the scope (the push route's replica check and `PushAcceptance`, the pull route, the
/// store's change-feed queries), so that widening what a token holds is one change here.
///
/// Today every token is one soum or khoroo office's (`office(_:)`). A district hub syncing
/// to a national hub (issue 19) will hold the offices under it.
public struct SyncScope: Sendable, Hashable, CustomStringConvertible {
    /// Who the token speaks for: the office id. Rate limits, logs, sync history and the
    /// hub's bookkeeping of the caller's replicas are kept under it.
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

    /// Several offices under one holder (a downstream hub, issue 19). No token is given
    /// such a scope yet; the store's change-feed queries already take it.
    package static func offices(_ offices: Set<String>, holder: String) -> SyncScope {
        SyncScope(holder: holder, offices: offices)
    }

    /// Whether records of `office` are the caller's to push and pull.
    public func contains(office: String) -> Bool {
        offices.contains(office)
    }

    /// Whether `record` is the caller's to push and pull.
    public func covers(_ record: Record) -> Bool {
        contains(office: record.office)
    }

    /// Whether `replica` is one of the caller's own replicas (an office's node, or a
    /// restored incarnation of it, `ReplicaLineage`): its writes are the caller's to add,
    /// and a push or pull may name it.
    public func owns(replica: ReplicaID) -> Bool {
        contains(office: ReplicaLineage.base(of: replica.rawValue))
    }

    /// The offices in a stable order, for queries and messages.
    public var sortedOffices: [String] { offices.sorted() }

    public var description: String {
        offices == [holder] ? holder : "\(holder) (\(sortedOffices.joined(separator: ", ")))"
    }
}
