import Foundation
import SyncModel

/// What may be done inside one transaction of a `ReplicaStore`. Valid only inside
/// the closure that received it.
public struct StoreTransaction {
    let connection: ReplicaStore.Connection
    public let replica: ReplicaID

    /// The raw database, for tables of a layer above (the hub's offices).
    public var database: Database { connection.db }

    // MARK: meta

    /// A `meta` value; read once per transaction (the counter, the clock and the change
    /// feed position are read for every write and every merged record).
    public func meta(_ key: String) throws -> String? {
        if case .some(let cached) = connection.meta[key] { return cached }
        let value = try database.scalarText("SELECT value FROM meta WHERE key = ?", [.text(key)])
        connection.meta[key] = .some(value)
        return value
    }

    public func metaInt(_ key: String) throws -> Int64? {
        try meta(key).flatMap { Int64($0) }
    }

    public func setMeta(_ key: String, _ value: String?) throws {
        // Checked here too: a `writtenAtCommit` key would otherwise be cached and dropped.
        if connection.readOnly { throw WriteInReadError(attempted: "meta \(key)") }
        if let value, MetaKey.writtenAtCommit.contains(key) {
            // Changed for every write and merged record: written once, before COMMIT.
            connection.meta[key] = .some(value)
            connection.unwritten.insert(key)
            return
        }
        connection.unwritten.remove(key)
        if let value {
            try database.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [.text(key), .text(value)])
        } else {
            try database.execute("DELETE FROM meta WHERE key = ?", [.text(key)])
        }
        connection.meta[key] = .some(value)
    }

    /// Writes the `meta` values kept for the commit; the transaction calls it last.
    func writeMeta() throws {
        for key in connection.unwritten.sorted() {
            guard case .some(.some(let value)) = connection.meta[key] else { continue }
            try database.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [.text(key), .text(value)])
        }
        connection.unwritten.removeAll(keepingCapacity: true)
    }

    /// Increments the integer at `key` and returns the new value.
    package func increment(_ key: String) throws -> Int64 {
        let next = (try metaInt(key) ?? 0) + 1
        try setMeta(key, String(next))
        return next
    }

    /// The replica's counter: the number of local writes made so far.
    public func latestCounter() throws -> UInt64 {
        UInt64(try metaInt(MetaKey.counter) ?? 0)
    }

    // MARK: clock

    private func clock() throws -> HybridClock {
        HybridClock(
            replica: replica,
            wallMillis: try metaInt(MetaKey.clockWall) ?? 0,
            logical: UInt32(try metaInt(MetaKey.clockLogical) ?? 0))
    }

    private func save(_ clock: HybridClock) throws {
        try setMeta(MetaKey.clockWall, String(clock.wallMillis))
        try setMeta(MetaKey.clockLogical, String(clock.logical))
    }

    /// Takes a peer's clock readings into ours, within the drift bound; returns the
    /// largest drift past the bound, if any reading was refused for it.
    @discardableResult
    public func observeClock(of record: Record, now: Int64, maximumDriftMillis: Int64) throws -> Int64? {
        var clock = try clock()
        let before = clock
        var refusedDrift: Int64?
        for entries in record.fields.values {
            for entry in entries where entry.dot.replica != replica {
                if case .tooFarAhead(let ahead) = clock.observe(entry.hlc, now: now, maximumDriftMillis: maximumDriftMillis) {
                    refusedDrift = max(refusedDrift ?? 0, ahead)
                }
            }
        }
        if clock != before { try save(clock) }
        return refusedDrift
    }

    // MARK: records

    private static let selectColumns = "body, local_seq, dirty, pending_since, pending_at, refusal"

    private func decode(_ row: Row) throws -> StoredRecord {
        StoredRecord(
            record: try row.withBlob(0) { try SyncJSON.record($0, decoder: connection.decoder) },
            localSeq: row.int(1),
            dirty: row.int(2) != 0,
            pendingSince: row.optionalInt(3).map { UInt64($0) },
            pendingAt: row.optionalInt(4),
            refusal: row.optionalText(5))
    }

    public func load(_ key: RecordKey) throws -> StoredRecord? {
        try database.query(
            "SELECT \(Self.selectColumns) FROM records WHERE collection = ? AND id = ?",
            [.text(key.collection), .text(key.id)], row: decode
        ).first
    }

    /// Every record of `collection` (of one office, if given), by id.
    public func records(collection: String, office: String? = nil) throws -> [StoredRecord] {
        if let office {
            return try database.query(
                "SELECT \(Self.selectColumns) FROM records WHERE collection = ? AND office = ? ORDER BY id",
                [.text(collection), .text(office)], row: decode)
        }
        return try database.query(
            "SELECT \(Self.selectColumns) FROM records WHERE collection = ? ORDER BY id",
            [.text(collection)], row: decode)
    }

    /// At most `limit` records of `collection` after the row `after` (rowid order), with the
    /// last row's id: for reading every record a page at a time (`ReplicaStore.forEachRecord`).
    func page(of collection: String, after: Int64, limit: Int) throws -> (records: [StoredRecord], last: Int64?) {
        var last: Int64?
        // `+collection`: not a term the (collection, id) index may answer, so the page is a
        // rowid range; by that index every page would scan and sort every case before it.
        let records = try database.query(
            "SELECT \(Self.selectColumns), rowid FROM records WHERE rowid > ? AND +collection = ? ORDER BY rowid LIMIT ?",
            [.integer(after), .text(collection), .integer(Int64(limit))]) { row -> StoredRecord in
            last = row.int(6)
            return try decode(row)
        }
        return (records, last)
    }

    /// Cases due before `day` (of one office, if given), read through the due-day index:
    /// a decision or a complaint's answer, or a benefit that has ended (`CaseIndex.dueDay`).
    public func casesDue(before day: Int, office: String? = nil) throws -> [StoredRecord] {
        try cases(indexedBy: "due_day", before: day, office: office)
    }

    /// Cases whose decision or a complaint's answer was due before `day`
    /// (`CaseIndex.overdueDay`), of one office or all.
    public func casesOverdue(before day: Int, office: String? = nil) throws -> [StoredRecord] {
        try cases(indexedBy: "overdue_day", before: day, office: office)
    }

    /// Cases whose day in `column` (one of the case index's day columns) is before `day`.
    private func cases(indexedBy column: String, before day: Int, office: String?) throws -> [StoredRecord] {
        var sql = "SELECT \(Self.selectColumns) FROM records WHERE \(column) IS NOT NULL AND \(column) < ?"
        var arguments: [SQLValue] = [.integer(Int64(day))]
        if let office {
            sql += " AND office = ?"
            arguments.append(.text(office))
        }
        return try database.query(sql + " ORDER BY id", arguments, row: decode)
    }

    /// Cases waiting for a decision, the earliest due first (`CaseIndex.decisionDay`), of one
    /// office and one service if given, at most `limit`.
    public func casesWaitingForDecision(office: String? = nil, service: String? = nil, limit: Int) throws -> [StoredRecord] {
        try cases(orderedBy: .decision, office: office, service: service, limit: limit)
    }

    /// Cases with a complaint waiting for an answer, the earliest due first (`CaseIndex.complaintDay`).
    public func casesWithComplaints(office: String? = nil, service: String? = nil, limit: Int) throws -> [StoredRecord] {
        try cases(orderedBy: .complaint, office: office, service: service, limit: limit)
    }

    /// Cases whose decree, written before `day` (UTC day number), has not reached its soum,
    /// the longest waiting first (`CaseIndex.deliveryDay`), of one office and service if given,
    /// at most `limit`.
    public func casesUndelivered(before day: Int, office: String? = nil, service: String? = nil, limit: Int) throws -> [StoredRecord] {
        try cases(orderedBy: .delivery, before: day, office: office, service: service, limit: limit)
    }

    /// How many cases have a day in `column`, and how many of those are before `day` (late),
    /// of one office and service if given: the index alone.
    public func countIndexed(_ column: DeskColumn, before day: Int, office: String? = nil, service: String? = nil) throws -> (total: Int, late: Int) {
        let (condition, arguments) = Self.deskCondition(column, office: office, service: service)
        let row = try database.query("SELECT count(*), coalesce(sum(\(column.rawValue) < ?), 0) FROM records WHERE \(condition)",
                                     [.integer(Int64(day))] + arguments) { (Int($0.int(0)), Int($0.int(1))) }
        return row.first ?? (0, 0)
    }

    /// The numbers of the cases of one service that hold a conflict (the hub's `service`
    /// index column; at a node, none).
    public func conflictedCases(service: String) throws -> Set<String> {
        Set(try database.query("SELECT id FROM records WHERE collection = ? AND conflicts > 0 AND service = ?",
                               [.text(CaseFields.collection), Self.serviceArgument(service)]) { $0.text(0) })
    }

    /// The day columns a queue is read off.
    public enum DeskColumn: String, Sendable {
        case decision = "decision_day"
        case complaint = "complaint_day"
        case delivery = "delivery_day"
    }

    /// Rows with a day in `column`, of one office and service if given (the service column is
    /// filled at a hub only, where the desk asks).
    private static func deskCondition(_ column: DeskColumn, office: String?, service: String?) -> (String, [SQLValue]) {
        var condition = "\(column.rawValue) IS NOT NULL"
        var arguments: [SQLValue] = []
        if let office {
            condition += " AND office = ?"
            arguments.append(.text(office))
        }
        if let service {
            condition += " AND service = ?"
            arguments.append(serviceArgument(service))
        }
        return (condition, arguments)
    }

    /// A service id as the `service` column holds it: its index code; a service this build
    /// does not know matches nothing.
    private static func serviceArgument(_ service: String) -> SQLValue {
        .integer(Int64(Service(rawValue: service)?.indexCode ?? -1))
    }

    private func cases(orderedBy column: DeskColumn, before day: Int? = nil, office: String?, service: String?, limit: Int) throws -> [StoredRecord] {
        var (condition, arguments) = Self.deskCondition(column, office: office, service: service)
        if let day {
            condition += " AND \(column.rawValue) < ?"
            arguments.append(.integer(Int64(day)))
        }
        return try database.query("SELECT \(Self.selectColumns) FROM records WHERE \(condition) ORDER BY \(column.rawValue), id LIMIT ?",
                                  arguments + [.integer(Int64(limit))], row: decode)
    }

    /// How many cases of each office are overdue on `day` (`casesOverdue(before:)`
    /// counted), read off the index alone.
    public func overdueCounts(before day: Int) throws -> [String: Int] {
        Dictionary(uniqueKeysWithValues: try database.query(
            "SELECT office, count(*) FROM records WHERE overdue_day IS NOT NULL AND overdue_day < ? GROUP BY office",
            [.integer(Int64(day))]) { ($0.text(0), Int($0.int(1))) })
    }

    /// How many РД|service keys appear at more than one office (double applications),
    /// counted off the index alone.
    public func sharedApplicationCount() throws -> Int {
        Int(try database.scalarInt("SELECT count(*) FROM (\(Self.sharedKeys))") ?? 0)
    }

    /// Payable applications whose РД|service key appears at more than one office.
    public func sharedApplications() throws -> [StoredRecord] {
        try database.query("SELECT \(Self.selectColumns) FROM records WHERE application_key IN (\(Self.sharedKeys)) ORDER BY id", row: decode)
    }

    /// The application keys held at more than one office. Keys held more than once are found
    /// off the index alone, and only their rows are read for their offices: at a national hub
    /// of a million cases, reading every row's office took seconds.
    private static let sharedKeys = """
        SELECT application_key FROM records WHERE application_key IN (
            SELECT application_key FROM records WHERE application_key IS NOT NULL
            GROUP BY application_key HAVING count(*) > 1)
        GROUP BY application_key HAVING count(DISTINCT office) > 1
        """

    /// Records within `scope` changed here after `since`, in change-feed order: at most
    /// `limit`, and whether more follow.
    public func changes(in scope: SyncScope, since: Int64, limit: Int) throws -> (records: [StoredRecord], more: Bool) {
        let feed = try self.feed(Self.selectColumns, in: scope, since: since)
        var rows = try database.query(feed.sql, feed.arguments + [.integer(Int64(limit) + 1)], row: decode)
        let more = rows.count > limit
        if more { rows.removeLast() }
        return (rows, more)
    }

    /// The stored bodies (`RecordJSON` bytes) of the records within `scope` changed here after
    /// `since`, in change-feed order, not decoded: at most `limit`, the change-feed
    /// position of the last one, and whether more follow. For answers that pass records
    /// on as they are (a hub's pull).
    ///
    /// Rows that are exactly what `skipping` pushed (`echo_of`) are passed over, not
    /// sent: that replica holds them. They do not count towards `limit` (up to
    /// `echoScanFactor` times as many rows are read), and `last` moves past them, so an
    /// office that has just pushed a thousand cases is not asked to fetch two empty
    /// pages of its own echoes, a round trip each over a satellite link.
    public func changedBodies(
        in scope: SyncScope, since: Int64, limit: Int, skipping echoes: ReplicaID? = nil
    ) throws -> (bodies: [[UInt8]], last: Int64?, more: Bool) {
        let scanLimit = echoes == nil ? limit : limit * Self.echoScanFactor
        var bodies: [[UInt8]] = []
        var last: Int64?
        var scanned = 0
        var more = false
        // Reads only as many rows as records are still wanted; echoes met send it on for
        // as many more (without a replica named there are none, and one read does).
        while bodies.count < limit && scanned < scanLimit {
            let wanted = min(limit - bodies.count, scanLimit - scanned)
            let feed = try self.feed("CASE WHEN echo_of IS NOT NULL AND echo_of = ?1 THEN NULL ELSE body END", in: scope, since: last ?? since)
            let rows = try database.query(
                feed.sql, [echoes.map { .text($0.rawValue) } ?? .null] + feed.arguments + [.integer(Int64(wanted) + 1)]
            ) { ($0.optionalBlob(0), $0.int(1)) }
            for (body, seq) in rows.prefix(wanted) {
                scanned += 1
                last = seq
                if let body { bodies.append(body) }
            }
            more = rows.count > wanted
            if !more { break }
        }
        return (bodies, last, more)
    }

    /// The change feed of `scope` after `since`: `columns` and the row's feed position, in
    /// feed order, the limit's `?` last. The records the scope's offices hold, at their
    /// `local_seq`; and, when some moved away from those offices since (`moved_records`,
    /// rare), each such record once more at the position of its move, so that its former
    /// office learns where it went. `columns` may use `?1` (bound by the caller, first).
    private func feed(_ columns: String, in scope: SyncScope, since: Int64) throws -> (sql: String, arguments: [SQLValue]) {
        let officeArguments = scope.officeArguments
        let offset = columns.contains("?1") ? 1 : 0
        // Numbered parameters: `?1` is the caller's, the scope's offices are bound once.
        let offices = officeArguments.indices.map { "?\($0 + 1 + offset)" }.joined(separator: ", ")
        let sinceMark = "?\(officeArguments.count + 1 + offset)"
        let limitMark = "?\(officeArguments.count + 2 + offset)"
        let arguments = officeArguments + [.integer(since)]
        let moved = try database.scalarInt(
            "SELECT 1 FROM moved_records WHERE office IN (\(offices)) AND moved_seq > \(sinceMark) LIMIT 1",
            (offset == 1 ? [.null] : []) + arguments) != nil
        let main = "SELECT \(columns), local_seq AS feed_seq FROM records WHERE office IN (\(offices)) AND local_seq > \(sinceMark)"
        guard moved else { return (main + " ORDER BY local_seq LIMIT \(limitMark)", arguments) }
        return ("""
            \(main)
            UNION ALL
            SELECT \(columns), moved_seq AS feed_seq FROM moved_records JOIN records USING (collection, id)
            WHERE moved_records.office IN (\(offices)) AND moved_seq > \(sinceMark) AND records.office NOT IN (\(offices))
            ORDER BY feed_seq LIMIT \(limitMark)
            """, arguments)
    }

    /// How many rows a pull that skips echoes reads at most for each record it may send.
    static let echoScanFactor = 20

    /// Stores `stored` as it is (insert or replace by key). `body`, when given, must be
    /// what `RecordJSON.encode(stored.record)` writes (the bytes a copy arrived as, when
    /// it is what gets stored): encoding it again would only cost time.
    /// `echoOf`: the replica that pushed exactly this copy (a hub's pulls by that replica
    /// skip it); nil for anything else, which every other save is.
    public func save(_ stored: StoredRecord, body: [UInt8]? = nil, echoOf: ReplicaID? = nil) throws {
        assert(body == nil || body == RecordJSON.encode(stored.record), "a body that is not the record's")
        let body = body ?? RecordJSON.encode(stored.record)
        try database.execute(RecordUpsert.sql, RecordUpsert.arguments(
            stored, body: body, conflicts: stored.record.openConflicts.count,
            index: try caseIndex(stored.record), echoOf: echoOf))
    }

    /// Keeps `moved_records` when a save moved a record to another office (`Holding`): the
    /// office it left gets it once more, at its new change-feed position `seq`; the office it
    /// came to (back) needs no such row. Records no hub ever moved cost one look-up each.
    func noteMove(from old: Record?, to new: Record, seq: Int64) throws {
        guard let old, old.wasTransferred || new.wasTransferred else { return }
        let (before, after) = (old.currentOffice, new.currentOffice)
        guard before != after else { return }
        try database.execute(
            "INSERT OR REPLACE INTO moved_records (office, collection, id, moved_seq) VALUES (?, ?, ?, ?)",
            [.text(before), .text(new.collection), .text(new.id), .integer(seq)])
        try database.execute("DELETE FROM moved_records WHERE office = ? AND collection = ? AND id = ?",
                             [.text(after), .text(new.collection), .text(new.id)])
    }

    /// The case index columns of `record` here: empty when it was moved to an office this
    /// replica does not serve (only a transferred record is asked about).
    func caseIndex(_ record: Record) throws -> RecordUpsert.Index {
        RecordUpsert.index(record, at: replica, served: try !record.wasTransferred || serves(office: record.currentOffice))
    }

    /// Whether this replica keeps `office`'s cases in its queues: a node its own office's;
    /// a district hub (one that syncs to a hub above) the offices it registered (the hub's
    /// `offices` table); a hub at the top every office.
    public func serves(office: String) throws -> Bool {
        if let own = try meta(MetaKey.office) { return own == office }
        guard try servesSomeOffices() else { return true }
        return try database.scalarInt("SELECT 1 FROM offices WHERE id = ?", [.text(office)]) != nil
    }

    /// The offices this replica serves (`serves(office:)`), or nil for every office (a hub at the top).
    public func servedOffices() throws -> Set<String>? {
        if let own = try meta(MetaKey.office) { return [own] }
        guard try servesSomeOffices() else { return nil }
        return Set(try database.query("SELECT id FROM offices") { $0.text(0) })
    }

    /// Whether this hub serves only the offices of its `offices` table: it has a hub above it
    /// (and the table, which a bare store made as a hub in a test has not).
    private func servesSomeOffices() throws -> Bool {
        try meta(MetaKey.upstreamURL) != nil
            && database.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'offices'") == 1
    }

    /// The next position in the change feed.
    func nextLocalSeq() throws -> Int64 {
        try increment(MetaKey.localSeq)
    }

    /// A local write: one new dot for all of `changes`, a fresh clock reading, the
    /// record dirty until upstream acknowledges it.
    /// Refused with `WriteRules.Refusal` when this replica may not make it (an office
    /// writing a hub-authority field, an edit of an immutable record).
    public func write(
        _ key: RecordKey, office: String, changes: [String: String], now: Int64
    ) throws -> StoredRecord {
        let existing = try load(key)
        // A case moved to an office this replica does not serve is read-only here: its
        // new office (and the hubs above it) write to it now.
        if let record = existing?.record, record.wasTransferred, try !serves(office: record.currentOffice) {
            throw MovedAway(record: key, office: record.currentOffice)
        }
        if let refusal = WriteRules.check(
            collection: key.collection, changes: changes, writer: replica, existing: existing?.record) {
            throw refusal
        }
        let counter = UInt64(try increment(MetaKey.counter))
        var clock = try clock()
        let hlc = clock.tick(now: now)
        try save(clock)
        var stored = existing ?? StoredRecord(
            record: Record(collection: key.collection, id: key.id, office: office),
            localSeq: 0, dirty: false, pendingSince: nil, pendingAt: nil, refusal: nil)
        guard stored.record.vector[replica] < counter else {
            // Only a forged copy holds writes of ours beyond our counter (pulls refuse
            // them; this catches any that came before that check): refused, not trapped.
            throw WriteBeyondCounter(record: key, held: stored.record.vector[replica], counter: counter - 1)
        }
        stored.record.write(changes, dot: Dot(replica: replica, counter: counter), hlc: hlc)
        stored.localSeq = try nextLocalSeq()
        stored.dirty = true
        stored.pendingSince = stored.pendingSince ?? counter
        stored.pendingAt = stored.pendingAt ?? now
        stored.refusal = nil
        try save(stored)
        try noteMove(from: existing?.record, to: stored.record, seq: stored.localSeq)
        return stored
    }

    public enum MergeSource {
        /// A copy from the hub we sync with: if it covers ours, we owe it nothing.
        case upstream
        /// A copy pushed to us by a node below.
        case downstream
    }

    /// Merges a peer's copy into ours. Returns whether our copy changed.
    @discardableResult
    public func merge(_ incoming: Record, from source: MergeSource, now: Int64) throws -> Bool {
        try merge(incoming, held: try load(RecordKey(incoming)), from: source, now: now).changed
    }

    /// The same, with our copy already loaded in this transaction (`held`, nil when we
    /// have none), so a caller that looked at it does not load it twice. `body` is the
    /// bytes `incoming` arrived as when they are what `RecordJSON.encode` writes for it
    /// (`SyncJSON.…KeepingBodies`): when our copy becomes exactly `incoming` (a new
    /// record, or one the peer's copy covers), they are stored as they are. `merged`, when
    /// given, is `held` merged with `incoming` already (the hub's acceptance rule merges
    /// them to check the result): not merged twice. Returns whether our copy changed, and
    /// our copy as it is now.
    public func merge(
        _ incoming: Record, held: StoredRecord?, from source: MergeSource, now: Int64, body: [UInt8]? = nil,
        pushedBy pusher: ReplicaID? = nil, merged alreadyMerged: Record? = nil
    ) throws -> (changed: Bool, stored: StoredRecord) {
        let key = RecordKey(incoming)
        guard var stored = held else {
            let hasUpstream = source == .downstream ? try meta(MetaKey.upstreamURL) != nil : false
            let stored = StoredRecord(
                record: incoming, localSeq: try nextLocalSeq(),
                dirty: source == .downstream && hasUpstream,
                pendingSince: nil, pendingAt: source == .downstream ? now : nil, refusal: nil)
            try save(stored, body: body, echoOf: pusher)
            return (true, stored)
        }
        precondition(RecordKey(stored.record) == key, "merge into the copy of another record")
        guard stored.record.office == incoming.office else {
            throw OfficeMismatch(record: key, stored: stored.record.office, incoming: incoming.office)
        }
        let merged = alreadyMerged ?? stored.record.merged(with: incoming)
        let changed = merged != stored.record
        // Compared only when it is of use: to clear a record upstream has whole, or to
        // store the bytes it arrived as.
        let isIncoming = (source == .upstream || (changed && body != nil)) && merged == incoming
        let upstreamHasAll = source == .upstream && isIncoming
        if !changed && !(upstreamHasAll && stored.dirty) { return (false, stored) }
        // Equal as values, the peer's copy is taken: its body is then exactly `body`.
        stored.record = isIncoming ? incoming : merged
        if changed { stored.localSeq = try nextLocalSeq() }
        if upstreamHasAll {
            stored.dirty = false
            stored.pendingSince = nil
            stored.pendingAt = nil
            stored.refusal = nil
        } else if changed, source == .downstream, try meta(MetaKey.upstreamURL) != nil {
            stored.dirty = true
            stored.pendingAt = stored.pendingAt ?? now
        }
        // Our copy is now exactly what `pusher` sent: its pulls need not bring it back.
        let echo = source == .downstream && merged == incoming ? pusher : nil
        let before = held?.record
        try save(stored, body: isIncoming ? body : nil, echoOf: echo)
        if changed { try noteMove(from: before, to: stored.record, seq: stored.localSeq) }
        return (changed, stored)
    }
}

/// A record holding writes of this replica beyond the replica's own counter: a write
/// to it would reuse a counter, so it is refused.
public struct WriteBeyondCounter: Error, CustomStringConvertible, Sendable {
    public let record: RecordKey
    public let held: UInt64
    public let counter: UInt64

    public var description: String {
        "\(record) holds writes of this office up to \(held), but this office has written only up to \(counter): the copy was forged elsewhere; nothing was written (ask the district to check the case)"
    }
}

/// A copy of a record that names another office than the copy already held: the two
/// are not the same case, and merging them would mix two offices' data.
public struct OfficeMismatch: Error, CustomStringConvertible, Sendable {
    public let record: RecordKey
    public let stored: String
    public let incoming: String

    public var description: String {
        "\(record) belongs to office \(stored) here, but the copy received names office \(incoming); nothing was merged"
    }
}

/// A write to a record a hub moved to an office this replica does not serve (issue 19):
/// refused, the copy kept as it is, read-only, saying where it went.
public struct MovedAway: Error, CustomStringConvertible, Sendable, Equatable {
    public let record: RecordKey
    public let office: String

    public init(record: RecordKey, office: String) {
        self.record = record
        self.office = office
    }

    public var description: String {
        "\(record.id) \(office) руу шилжсэн, энд зөвхөн харна (was transferred to \(office); it is read-only here, and \(office) works on it now)"
    }
}
