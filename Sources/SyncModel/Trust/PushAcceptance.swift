/// The trust boundary of a hub (DESIGN §6, docs/protocol.md "Acceptance rule"): what a
/// copy pushed by office O (or by a district hub, for its offices) may bring. O may add
/// only writes of its own, with counters no higher than the latest counter it reports;
/// every other write and every vector claim in the copy must be one the hub holds or has
/// superseded (a restored hub's former ids come from its own recorded history); no field
/// the hub holds may vanish;
/// and a record O brings for the first time must be one O may create. Every check of
/// a pushed record is here, in one place; a record that breaks one is refused alone.
public struct PushAcceptance: Sendable {
    /// What the push's token may bring: its office's records (`SyncScope`).
    public let scope: SyncScope
    /// The replica that pushed: O itself or a restored incarnation of it.
    public let replica: ReplicaID
    /// The counter the push reports as the replica's latest.
    public let latestCounter: UInt64
    /// This hub's id, and the counter of its own writes so far.
    public let hub: ReplicaID
    public let hubCounter: UInt64
    /// The ids this hub had before restores, from its own history.
    public let formerHubIDs: Set<ReplicaID>

    public init(
        scope: SyncScope, replica: ReplicaID, latestCounter: UInt64,
        hub: ReplicaID, hubCounter: UInt64, formerHubIDs: Set<ReplicaID>
    ) {
        self.scope = scope
        self.replica = replica
        self.latestCounter = latestCounter
        self.hub = hub
        self.hubCounter = hubCounter
        self.formerHubIDs = formerHubIDs
    }

    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public let field: String?
        public let reason: String

        public init(field: String? = nil, _ reason: String) {
            self.field = field
            self.reason = reason
        }

        public var description: String { field.map { "\($0): \(reason)" } ?? reason }
    }

    /// What the rule says of one pushed copy.
    public enum Verdict: Sendable, Equatable {
        case refused(Refusal)
        /// The copy may be merged; `merged` is the hub's copy merged with it (nil when the
        /// hub had none), computed for the checks and handed on so the store need not
        /// merge the two again.
        case accepted(merged: Record?)
    }

    /// The verdict on `copy` given the hub's copy `held` (nil when the hub has none).
    public func verdict(on copy: Record, held: Record?) -> Verdict {
        let key = "\(copy.collection)/\(copy.id)"
        if let held {
            guard held.office == copy.office else {
                return .refused(Refusal("\(key) belongs to office \(held.office) at this hub; nothing of it was stored"))
            }
            if let refusal = formerHolderRefusal(held: held, key: key) { return .refused(refusal) }
        } else {
            guard scope.contains(office: copy.office), scope.holds(copy) else {
                let office = scope.contains(office: copy.office) ? copy.currentOffice : copy.office
                return .refused(Refusal("\(key) names office \(office), not \(scope); nothing of it was stored"))
            }
            if let reason = OfficeRecords.creationRefusal(collection: copy.collection, id: copy.id, office: copy.office) {
                return .refused(Refusal(reason + "; nothing of it was stored"))
            }
        }
        if let reason = OfficeRecords.shapeRefusal(copy) {
            return .refused(Refusal("\(key): \(reason); nothing of it was stored"))
        }
        if let refusal = WriteRules.check(pushed: copy) {
            return .refused(Refusal(field: refusal.field, refusal.reason))
        }
        if let refusal = unknownWrite(in: copy, held: held) ?? unseenClaim(in: copy, held: held) {
            return .refused(refusal)
        }
        guard let held else { return .accepted(merged: nil) }
        let merged = held.merged(with: copy)
        if let refusal = erasure(of: held, in: merged, copy: copy) { return .refused(refusal) }
        if merged.currentOffice != held.currentOffice, !scope.contains(office: merged.currentOffice) {
            return .refused(Refusal(
                field: Holding.officeField,
                "\(key) would move to office \(merged.currentOffice), outside \(scope): a district moves cases only between its own offices (the national hub moves them between districts); nothing of it was stored"))
        }
        return .accepted(merged: merged)
    }

    /// A record held now by an office outside the scope: refused unless one of the scope's
    /// offices held it before the transfer. A former holder's copy is taken (its new writes
    /// are its own, as any push's): an edit made at the old office before the move arrived
    /// there still reaches the case, beside the new office's (siblings where both wrote a
    /// field). An honest node writes nothing to a case once the move has arrived
    /// (`MovedAway`); the hub audit-logs every edit a former holder brings (`SyncRoutes`).
    private func formerHolderRefusal(held: Record, key: String) -> Refusal? {
        guard !scope.holds(held), !scope.heldBefore(held) else { return nil }
        return Refusal("\(key) names office \(held.currentOffice), not \(scope); nothing of it was stored")
    }

    /// What an accepted copy claims of O's other incarnations (a restored node's former
    /// ids): not bounded by this push's counter, so the hub raises what it records of
    /// each to the claim. An incarnation still in use that pushes a lower counter later
    /// is then refused as rewound, visibly, instead of having its writes taken as seen.
    public func incarnationClaims(of copy: Record) -> [ReplicaID: UInt64] {
        copy.vector.counters.filter { $0.key != replica && scope.isHolder($0.key) }
    }

    /// The highest counter a hub records (its tables' integers are signed 64-bit).
    public static let highestCounter = UInt64(Int64.max)

    /// Whether `writer` is office O (any incarnation of it): its writes are its own to add.
    func isOffice(_ writer: ReplicaID) -> Bool {
        writer == replica || scope.owns(replica: writer)
    }

    /// A write the hub holds must come back as the same write (same field, value and
    /// clock reading), not another under its dot; a deletion's context is never more than
    /// the copy had seen. Which new writes a copy may bring at all is decided by its
    /// vector (`unseenClaim`): every copy's vector covers its own entries (checked when it
    /// is decoded), so a write of another replica the hub does not hold, or of O beyond
    /// the counter it reports, is a vector claim the hub refuses.
    private func unknownWrite(in copy: Record, held: Record?) -> Refusal? {
        for (field, entries) in copy.fields {
            let heldEntries = held?.entries(field) ?? []
            for entry in entries {
                if let same = heldEntries.first(where: { $0.dot == entry.dot }), same != entry {
                    return Refusal(field: field, "write \(entry.dot) differs from the hub's copy of the same write; nothing of it was stored")
                }
                if field == Record.deletionContextField, let seen = VersionVector(compactText: entry.value), !seen.isCovered(by: copy.vector) {
                    return Refusal(field: field, "the deletion claims to have seen writes the copy does not hold; nothing of it was stored")
                }
            }
        }
        return nil
    }

    /// The copy's vector may claim O's writes (the pushing replica's up to the counter
    /// it reports) and a restored hub's former writes; of anyone else only what the hub
    /// holds, or merge would drop the hub's entries as if seen.
    private func unseenClaim(in copy: Record, held: Record?) -> Refusal? {
        for (writer, counter) in copy.vector.counters {
            // No replica ever counts that far; the hub's tables (SQLite integers) could not
            // record the claim, and would hold less than the record says was written.
            if counter > Self.highestCounter {
                return Refusal("the copy claims writes of \(writer) up to \(counter); a counter is at most \(Self.highestCounter); nothing of it was stored")
            }
            if writer == replica {
                if counter > latestCounter {
                    return Refusal("the copy claims writes of \(writer) up to \(counter), beyond the latest counter \(latestCounter) this push reports; nothing of it was stored")
                }
                continue
            }
            if isOffice(writer) || formerHubIDs.contains(writer) { continue }
            var known = held?.vector[writer] ?? 0
            if writer == hub { known = min(known, hubCounter) }
            if counter > known {
                return Refusal("the copy claims writes of \(writer) up to \(counter) that this hub never sent (it has \(known)); nothing of it was stored")
            }
        }
        return nil
    }

    /// No field the hub holds may vanish from `merged` (its copy merged with the pushed
    /// one), and no decision or hub-only state of a hub may be replaced by an office's write.
    private func erasure(of held: Record, in merged: Record, copy: Record) -> Refusal? {
        // A district hub that wrote to the record since what this hub holds (a write this hub
        // never saw, perhaps replaced since by its soum's) acted on it with a hub's authority.
        let districtWrote = scope.isDistrict && copy.vector.counters.contains { scope.isHolder($0.key) && $0.value > held.vector[$0.key] }
        for (field, entries) in held.fields {
            let kept = merged.entries(field)
            guard !kept.isEmpty else {
                return Refusal(field: field, "the copy would erase field \(field) the hub holds, without a later write of it; nothing of it was stored")
            }
            let keptDots = Set(kept.map(\.dot))
            // A district replaces its own writes as it likes: they are its own.
            let dropped = entries.filter {
                $0.dot.replica.isHub && !keptDots.contains($0.dot) && !(scope.isDistrict && scope.isHolder($0.dot.replica))
            }
            guard !dropped.isEmpty else { continue }
            let policy = FieldPolicies.policy(collection: held.collection, field: field)
            let heldDots = Set(entries.map(\.dot))
            let newerByHub = kept.contains { !heldDots.contains($0.dot) && $0.dot.replica.isHub }
            if !districtWrote && (policy == .hubAuthority
                || (policy == .workflow && dropped.contains { Workflow.hubOnly.contains($0.value) } && !newerByHub)) {
                return Refusal(field: field, "the copy would erase the hub's \(field) without having written it; nothing of it was stored")
            }
        }
        return nil
    }
}
