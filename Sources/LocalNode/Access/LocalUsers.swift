import ReplicaStorage
import WebAccess

/// The office's own web users (`halamj-node user`): `WebAccounts` of the office's kind,
/// in the node's file, never synced.
public typealias LocalUsers = WebAccounts

extension WebAccounts {
    /// A soum office's web users.
    public init(store: ReplicaStore) {
        self.init(store: store, kind: .office)
    }
}
