import ReplicaStorage
import SyncModel

/// The district hubs that sync to this (national) hub, issue 19: adding them, checking
/// their tokens, and the offices each holds. Rotating and revoking a token: `TokenHolders`.
/// A district's token reaches the cases of the offices it reported (`DistrictOffices`),
/// no other district's.
public struct DistrictRegistry: TokenHolders {
    public let store: ReplicaStore

    public init(store: ReplicaStore) {
        self.store = store
    }

    public static let tokenTable = TokenTable(table: HolderKind.district.table, key: "id", noun: "district")
    public static func newToken(for name: String) -> String { OfficeToken.generate(office: name) }
    public static func unknown(_ name: String) -> any Error { RegistryError.unknown(name) }

    public enum RegistryError: Error, CustomStringConvertible, Equatable {
        case invalidID(String)
        case notAHub(String)
        case itself(String)
        case exists(String)
        case unknown(String)

        public var description: String {
            switch self {
            case .invalidID(let id):
                "'\(id)' is not a valid hub id: lower-case letters, digits, '-' and '_' (e.g. hub-43)"
            case .notAHub(let id):
                "'\(id)' is not a hub's id: a district hub's id starts with '\(ReplicaID.hubPrefix)' (the id it was created with, 'halamj-hub init --id'); an office is added with 'office add'"
            case .itself(let id):
                "\(id) is this hub itself"
            case .exists(let id):
                "district \(id) is already registered"
            case .unknown(let id):
                "no district \(id) at this hub; 'district add' registers it"
            }
        }
    }

    /// Registers a district hub by its replica id and returns its token: shown once, never stored.
    public func add(_ id: String, name: String = "", by actor: String = "hub", now: Int64) throws -> String {
        guard let replica = ReplicaID(id) else { throw RegistryError.invalidID(id) }
        guard replica.isHub else { throw RegistryError.notAHub(id) }
        guard ReplicaLineage.base(of: id) != ReplicaLineage.base(of: store.replica.rawValue) else { throw RegistryError.itself(id) }
        let token = Self.newToken(for: id)
        try store.transaction { tx in
            if try tx.database.scalarText("SELECT id FROM districts WHERE id = ?", [.text(id)]) != nil {
                throw RegistryError.exists(id)
            }
            try tx.database.execute(
                "INSERT INTO districts (id, name, token_hash, created_at) VALUES (?, ?, ?, ?)",
                [.text(id), .text(name), .text(OfficeToken.hash(token)), .integer(now)])
            try AuditLog.append(tx, actor: actor, action: "district add", subject: id, detail: name, now: now)
        }
        return token
    }

    /// The district whose token this is, or nil. The hash comparison takes the same time
    /// wherever the first differing byte is.
    public func authenticate(token: String) throws -> String? {
        guard let district = OfficeToken.office(of: token), district.hasPrefix(ReplicaID.hubPrefix) else { return nil }
        let stored = try store.read { tx in
            try tx.database.query(
                "SELECT token_hash FROM districts WHERE id = ? AND revoked_at IS NULL", [.text(district)]
            ) { $0.text(0) }.first
        }
        guard let stored else { return nil }
        return ConstantTime.equals(Array(stored.utf8), Array(OfficeToken.hash(token).utf8)) ? district : nil
    }

    /// What `district`'s token may push and pull: the offices it reported.
    public func scope(of district: String) throws -> SyncScope {
        try store.read { tx in .district(district, offices: Set(try DistrictOffices.offices(tx, of: district))) }
    }

    /// Every district, as the health columns hold it (the name in `code`).
    public func list() throws -> [Office] {
        try store.read { tx in try OfficeRegistry.offices(tx, of: .district, where: "1 = 1", []) }
    }

    /// Whether this hub has any district under it (it is a national hub).
    public func any() throws -> Bool {
        try store.read { tx in try tx.database.scalarInt("SELECT count(*) FROM districts") ?? 0 } > 0
    }
}
