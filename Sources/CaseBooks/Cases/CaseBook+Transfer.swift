import SyncModel
import ReplicaStorage

extension CaseBook {
    /// Moves a case to another office (issue 19): a hub's write of `Holding`'s fields. The
    /// number, every field, its history and checklist stay as they are; the new office gets
    /// the case at its next sync, and the old one keeps a read-only copy that says where it
    /// went. `offices`: the offices this hub may move a case to (a district its own; the
    /// national hub every district's).
    public func transfer(_ number: String, to office: String, among offices: Set<String>, now: Int64 = Clock.nowMillis()) throws -> CaseView {
        guard isHub else { throw CaseError.notAHub("moves a case to another office ('halamj-hub case transfer')") }
        guard offices.contains(office) else {
            throw CaseError.transfer(
                "\(office) is not an office of this hub: a district moves cases between its own offices ('halamj-hub office list'), the national hub between its districts' offices (a care resident moving to another facility: 'case transfer <n> --to <facility> --reason <why>')")
        }
        let key = RecordKey(collection: CaseFields.collection, id: number)
        let stored = try transaction { tx in
            guard let existing = try tx.load(key) else { throw CaseError.notFound(number) }
            guard let changes = Holding.transfer(existing.record, to: office) else {
                throw CaseError.transfer("\(number) is held by \(office) already")
            }
            return try tx.write(key, office: existing.record.office, changes: changes, now: now)
        }
        return CaseView(stored)
    }
}
