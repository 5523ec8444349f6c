extension Record {
    /// Conflicts a person must look at: fields closed by a person whose siblings hold
    /// different values, and a deletion that had not seen some edit. Sorted by field.
    public var openConflicts: [Conflict] {
        var conflicts: [Conflict] = []
        for field in fieldsWithSiblings where field != Record.deletionContextField {
            let policy = FieldPolicies.policy(collection: collection, field: field)
            let entries = entries(field)
            guard policy.closedByPerson, Set(entries.map(\.value)).count > 1,
                  let current = policy.current(among: entries) else { continue }
            conflicts.append(Conflict(
                id: Conflict.makeID(collection: collection, record: id, field: field, dots: entries.map(\.dot)),
                kind: .values, collection: collection, record: id, office: office, field: field, policy: policy,
                values: entries.map { ConflictValue($0, isCurrent: $0.dot == current.dot) },
                current: current.value))
        }
        if let deletion = deletionConflict { conflicts.append(deletion) }
        return conflicts
    }

    /// A deletion that did not see every edit of the record: the edits are not lost
    /// with it; the record is listed until a person keeps the deletion or restores it.
    var deletionConflict: Conflict? {
        guard let tombstone = MergePolicy.lastWriterWins.current(among: entries(Record.tombstoneField)),
              tombstone.value == "true", entries(Record.tombstoneField).count == 1 else { return nil }
        let seen = value(Record.deletionContextField).flatMap(VersionVector.init(compactText:)) ?? VersionVector()
        var unseen: [(field: String, entry: FieldEntry)] = []
        for (field, entries) in fields where field != Record.tombstoneField && field != Record.deletionContextField {
            for entry in entries where entry.dot != tombstone.dot && !seen.covers(entry.dot) {
                unseen.append((field, entry))
            }
        }
        guard !unseen.isEmpty else { return nil }
        unseen.sort { $0.entry.dot < $1.entry.dot }
        var values = [ConflictValue(tombstone, value: "устгасан (deleted)", isCurrent: true)]
        values += unseen.map { ConflictValue($0.entry, value: "\($0.field)=\($0.entry.value)", isCurrent: false) }
        values.sort { ($0.replica, $0.counter) < ($1.replica, $1.counter) }
        return Conflict(
            id: Conflict.makeID(collection: collection, record: id, field: Record.tombstoneField,
                                dots: [tombstone.dot] + unseen.map(\.entry.dot)),
            kind: .deletion, collection: collection, record: id, office: office, field: Record.tombstoneField,
            policy: .lastWriterWins, values: values, current: "true")
    }

    /// The writes a hub makes as soon as it sees siblings that need no person
    /// (workflow, checklist flags, hub authority): each such field set to its
    /// policy's current value, which replaces the siblings everywhere after sync.
    /// Siblings that agree on the value are left alone: rewriting them would only
    /// make two hubs answer each other forever.
    public var automaticClosings: [String: String] {
        var closings: [String: String] = [:]
        for field in fieldsWithSiblings {
            let policy = FieldPolicies.policy(collection: collection, field: field)
            let entries = entries(field)
            guard !policy.closedByPerson, policy != .immutable, Set(entries.map(\.value)).count > 1,
                  let current = policy.current(among: entries) else { continue }
            closings[field] = current.value
        }
        return closings
    }
}
