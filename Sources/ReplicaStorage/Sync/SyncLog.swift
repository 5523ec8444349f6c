/// The outcome of sync rounds as the node remembers them, for `status`.
extension ReplicaStore {
    public func recordSyncAttempt(at now: Int64, error: String?) throws {
        try transaction { tx in
            try tx.setMeta(MetaKey.lastSyncAttemptAt, String(now))
            try tx.setMeta(MetaKey.lastSyncError, error)
            if error == nil { try tx.setMeta(MetaKey.lastSyncAt, String(now)) }
        }
    }
}
