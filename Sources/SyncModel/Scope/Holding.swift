/// Which office holds a record now (issue 19). A record's `office` is the office that
/// opened it: its identity, in its number, never changed. A hub that transfers the case
/// (`halamj-hub case transfer`) writes two hub-authority fields: `office_now`, the office
/// that holds it from then on, and `offices_before`, every office that held it before
/// (in order, comma-separated). Both merge like any other field, so a transfer travels
/// with the case's other writes, and two hubs transferring one case at once leave
/// siblings, a conflict a person resolves.
///
/// Who may push and pull a record (`SyncScope`), which office's queues and counts it is
/// in (the store's `office` column), and where a node may still write to it all follow
/// `currentOffice`. An office that held the case before keeps a read-only copy that says
/// where it went.
public enum Holding {
    public static let officeField = "office_now"
    public static let formerField = "offices_before"

    /// The fields a transfer writes, and nothing else may (`CaseFields.reserved`).
    public static let fields: Set<String> = [officeField, formerField]

    /// The changes that move `record` to `office`, or nil when it is held there already.
    public static func transfer(_ record: Record, to office: String) -> [String: String]? {
        let current = record.currentOffice
        guard office != current else { return nil }
        let before = record.formerOffices.filter { $0 != current && $0 != office } + [current]
        return [officeField: office, formerField: before.joined(separator: ",")]
    }
}

extension Record {
    /// The office that holds this record now: the last transfer's, or the one that opened it.
    public var currentOffice: String {
        guard fields[Holding.officeField] != nil else { return office }
        return value(Holding.officeField) ?? office
    }

    /// Whether a hub ever transferred this record.
    public var wasTransferred: Bool { fields[Holding.officeField] != nil }

    /// The offices that held this record before the one holding it now, oldest first
    /// (every sibling's, when two hubs transferred it at once).
    public var formerOffices: [String] {
        guard wasTransferred else { return [] }
        let current = currentOffice
        var offices: [String] = []
        func add(_ office: Substring) {
            let office = String(office)
            if !office.isEmpty, office != current, !offices.contains(office) { offices.append(office) }
        }
        for entry in entries(Holding.formerField) {
            for office in entry.value.split(separator: ",") { add(office) }
        }
        for entry in entries(Holding.officeField) { add(Substring(entry.value)) }
        if office != current, !offices.contains(office) { offices.insert(office, at: 0) }
        return offices
    }

    /// Every office that holds or held this record.
    public var holders: [String] { [currentOffice] + formerOffices }
}
