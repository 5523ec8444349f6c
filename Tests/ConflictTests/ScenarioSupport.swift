import SyncModel

/// Shorthand for the named scenarios: one case of soum-4301 that the office created and
/// every replica already holds, in a network of hub-43, soum-4301 and optionally the
/// national hub.
enum Scenario {
    static let office = "soum-4301"
    static let hub = "hub-43"
    static let national = "hub-national"
    static let caseID = "4301-2026-000001"
    static let year: Int64 = 365 * 86_400_000
    static let created: [String: String] = [
        "name": "Дорж", "phone": "99112233", "status": "draft",
        "doc_passport": "missing", "doc_photo": "missing",
    ]

    static func network(national: Bool = false, clockOffsets: [String: Int64] = [:]) -> Network {
        var net = Network(hub: hub, offices: [office], national: national ? Scenario.national : nil, clockOffsets: clockOffsets)
        net.write(created, case: caseID, at: office)
        net.syncUntilQuiet()
        net.later()
        return net
    }
}

/// A replica writing straight into records, past every rule: for copies that a rule
/// would refuse (an office's hub-only state) and for exact clock readings.
struct Pen {
    let replica: ReplicaID
    private(set) var counter: UInt64 = 0

    init(_ name: String) { replica = rid(name) }

    @discardableResult
    mutating func write(_ changes: [String: String], to record: inout Record, wall: Int64) -> Dot {
        counter = max(counter, record.vector[replica]) + 1
        let dot = Dot(replica: replica, counter: counter)
        record.write(changes, dot: dot, hlc: HLCTimestamp(wallMillis: wall, logical: 0, replica: replica))
        return dot
    }
}

func blankCase(_ id: String = Scenario.caseID, office: String = Scenario.office) -> Record {
    Record(collection: CaseFields.collection, id: id, office: office)
}

extension Record {
    /// `field`'s entries as `replica:counter=value`, in dot order.
    func labels(_ field: String) -> [String] {
        entries(field).map { "\($0.dot.replica):\($0.dot.counter)=\($0.value)" }
    }
}
