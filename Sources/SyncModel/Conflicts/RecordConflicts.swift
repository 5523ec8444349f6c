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
    /// Concurrent deletions count together: an edit any of them had seen was deleted
    /// knowingly. A delete-versus-restore is a conflict of the field itself instead.
    var deletionConflict: Conflict? {
        let tombstones = entries(Record.tombstoneField)
        guard !tombstones.isEmpty, tombstones.allSatisfy({ $0.value == "true" }) else { return nil }
        let seen = entries(Record.deletionContextField)
            .compactMap { VersionVector(compactText: $0.value) }
            .reduce(VersionVector()) { $0.merged(with: $1) }
        let deletions = Set(tombstones.map(\.dot))
        var unseen: [(field: String, entry: FieldEntry)] = []
        for (field, entries) in fields where field != Record.tombstoneField && field != Record.deletionContextField {
            for entry in entries where !deletions.contains(entry.dot) && !seen.covers(entry.dot) {
                unseen.append((field, entry))
            }
        }
        guard !unseen.isEmpty else { return nil }
        var values = tombstones.map { ConflictValue($0, value: "устгасан (deleted)", isCurrent: true) }
        values += unseen.map { ConflictValue($0.entry, value: "\($0.field)=\($0.entry.value)", isCurrent: false) }
        // Fields set by one write share a dot: the value breaks the tie, so equal copies
        // list the same conflict in the same order everywhere.
        values.sort { ($0.replica, $0.counter, $0.value) < ($1.replica, $1.counter, $1.value) }
        return Conflict(
            id: Conflict.makeID(collection: collection, record: id, field: Record.tombstoneField,
                                dots: tombstones.map(\.dot) + unseen.map(\.entry.dot)),
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
        // Two hubs moved the case at once: the winner of `office_now` holds it, and every
        // office either move named stays among those that held it before (`Holding`), so
        // that each keeps its way to the copy that says where the case went.
        if closings[Holding.officeField] != nil || closings[Holding.formerField] != nil {
            closings[Holding.officeField] = currentOffice
            closings[Holding.formerField] = formerOffices.joined(separator: ",")
        }
        return closings
    }
}
