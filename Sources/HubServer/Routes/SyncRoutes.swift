import Foundation
import ReplicaStorage
import SyncModel
import HalamjHTTP

/// The sync protocol at the hub: `POST /v1/sync/push` and `GET /v1/sync/pull`,
/// each authenticated by an office token and confined to its scope (`SyncScope`: that
/// office's records).
public struct SyncRoutes: Sendable {
    public let store: ReplicaStore
    public let registry: OfficeRegistry
    public let districts: DistrictRegistry
    public let maximumDriftMillis: Int64
    public let limiter: RateLimiter?
    public let now: @Sendable () -> Int64
    /// gzip for answers and the word that push bodies may be gzip (`HubConfiguration.compression`).
    public let compression: Bool

    public init(
        store: ReplicaStore, maximumDriftMillis: Int64 = HybridClock.defaultMaximumDriftMillis,
        limiter: RateLimiter? = nil, now: @escaping @Sendable () -> Int64 = { Clock.nowMillis() }, compression: Bool = true
    ) {
        self.store = store
        files = ContentStore.beside(database: store.path)
        registry = OfficeRegistry(store: store)
        districts = DistrictRegistry(store: store)
        self.maximumDriftMillis = maximumDriftMillis
        self.limiter = limiter
        self.now = now
        self.compression = compression
    }

    /// The hub's scans, beside its database (`FileRoutes`).
    let files: ContentStore

    /// What a sync request's token may push and pull: the head must name a protocol version
    /// this hub speaks (409) and carry an office's token (401). The hub checks it before
    /// reading a body (`HubRouter.checkHead`), and each route again with the rate limit.
    func caller(_ headers: HTTPHeaders) throws -> SyncScope {
        if let version = headers[SyncProtocol.versionHeader], version != String(SyncProtocol.version) {
            throw HTTPError(
                409, "protocol-version",
                "this hub speaks protocol \(SyncProtocol.version), the node \(version); update the older side")
        }
        guard let header = headers["Authorization"] else {
            throw HTTPError(401, "unauthorized", "an 'Authorization: Bearer <token>' header is required")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw HTTPError(401, "unauthorized", "the Authorization header must be 'Bearer <token>'")
        }
        let token = String(parts[1]).trimmingCharacters(in: .whitespaces)
        if let office = try registry.authenticate(token: token) { return .office(office) }
        if let district = try districts.authenticate(token: token) { return try districts.scope(of: district) }
        throw HTTPError(401, "unauthorized", "unknown or revoked token")
    }

    /// The scope of the request's token, within its holder's rate limit (429 past it).
    func authenticate(_ request: HTTPRequest) throws -> SyncScope {
        let scope = try caller(request.headers)
        request.notes.note("office", scope.holder)
        try limiter?.admit(scope.holder, now: now())
        return scope
    }

    public func push(_ request: HTTPRequest) throws -> HTTPResponse {
        let scope = try authenticate(request)
        let office = scope.holder
        let push: PushRequest
        // The bytes each record came as, stored as they are when the record is stored as it came.
        let bodies: [[UInt8]?]
        let json = try SyncBodyEncoding.body(of: request)
        do {
            (push, bodies) = try SyncJSON.pushRequestKeepingBodies(json)
        } catch {
            throw HTTPError(400, "malformed", "the push body is not a valid batch: \(JSONErrorText.describe(error, in: Data(json)))")
        }
        guard push.records.count <= SyncProtocol.maximumBatchSize else {
            throw HTTPError(
                413, "too-large",
                "\(push.records.count) records in one batch; at most \(SyncProtocol.maximumBatchSize)")
        }
        guard scope.owns(replica: push.replica) else {
            throw HTTPError(403, "wrong-replica", "the token of \(office) was used by replica \(push.replica)")
        }
        let report = try SelfReport(push)
        let now = now()
        let started = ContinuousClock.now
        do {
            return try merge(
                push, bodies: bodies, json: json, report: report, scope: scope, now: now, started: started, request: request)
        } catch let error as HTTPError where error.code == "replica-rewound" {
            // Refused whole: the office's line must say so, not stay "healthy".
            try store.transaction { tx in
                try tx.database.execute(
                    "UPDATE \(HolderKind(scope).table) SET last_contact_at = ?, refused_total = refused_total + ? WHERE id = ?",
                    [.integer(now), .integer(Int64(push.records.count)), .text(office)])
                try SyncHistory.record(tx, SyncEvent(
                    office: office, at: now, kind: .push, records: 0, refused: push.records.count,
                    bytesIn: request.body.count, bytesOut: 0, durationMillis: Self.millis(since: started),
                    client: request.clientAddress))
            }
            throw error
        }
    }

    private func merge(
        _ push: PushRequest, bodies: [[UInt8]?], json: [UInt8], report: SelfReport,
        scope: SyncScope, now: Int64, started: ContinuousClock.Instant, request: HTTPRequest
    ) throws -> HTTPResponse {
        let office = scope.holder
        // Counted as it crossed the wire (gzip-compressed or not).
        let bodyBytes = request.body.count
        let response = try store.transaction { tx in
            let db = tx.database
            let known = try OfficeReplicas.pushing(tx, office: office, kind: HolderKind(scope), replica: push.replica.rawValue, now: now)
            guard push.latestCounter >= known.latestCounter else {
                throw HTTPError(
                    409, "replica-rewound",
                    "\(office) reports writes up to \(push.latestCounter), but the hub already holds up to \(known.latestCounter): this node's database is older than what it sent before (restored or re-initialised), or another copy of it pushed with this office's token. Nothing was stored; the district can accept the office's counter with 'halamj-hub office reset'")
            }
            let acceptance = PushAcceptance(
                scope: scope, replica: push.replica, latestCounter: push.latestCounter,
                hub: store.replica, hubCounter: try tx.latestCounter(), formerHubIDs: Set(try tx.formerReplicas()))
            var ahead: Int64?
            var results: [PushResult] = []
            var incarnationClaims: [ReplicaID: UInt64] = [:]
            // Bodies not kept: JSONDecoder read the batch, and may have dropped keys it does not know.
            let unknownKeys = bodies.isEmpty && !push.records.isEmpty ? SyncJSON.unknownRecordKeys(json) : [:]
            for (index, record) in push.records.enumerated() {
                if let key = unknownKeys[index] {
                    results.append(PushResult(
                        collection: record.collection, id: record.id, outcome: .refused, field: nil,
                        reason: "the record holds '\(key)', which this hub does not know (written by a newer Halamj): update the hub; nothing of it was stored"))
                    continue
                }
                let held = try tx.load(RecordKey(record))
                let mergedCopy: Record?
                switch acceptance.verdict(on: record, held: held?.record) {
                case .refused(let refusal):
                    results.append(PushResult(
                        collection: record.collection, id: record.id, outcome: .refused,
                        field: refusal.field, reason: refusal.reason))
                    continue
                case .accepted(let result):
                    mergedCopy = result
                }
                incarnationClaims.merge(acceptance.incarnationClaims(of: record)) { max($0, $1) }
                if let drift = try tx.observeClock(of: record, now: now, maximumDriftMillis: maximumDriftMillis) {
                    ahead = max(ahead ?? 0, drift)
                }
                let merge = try tx.merge(
                    record, held: held, from: .downstream, now: now, body: index < bodies.count ? bodies[index] : nil,
                    pushedBy: push.replica, merged: mergedCopy)
                if merge.changed {
                    try tx.closeAutomatically(merge.stored, now: now)
                    // An office's scans are wanted here (a national hub asks for a district's on demand).
                    if !scope.isDistrict { try FileRefs.note(tx, merge.stored.record, files: files, now: now) }
                    if let held, !scope.holds(held.record) {
                        // An office the case moved away from brought an edit of it (made before
                        // the move reached it, if the office is honest): kept, and said.
                        try AuditLog.append(tx, actor: office, action: "moved case edited", subject: record.id,
                                            detail: "by \(scope.holder) after it moved to \(merge.stored.record.currentOffice)", now: now)
                    }
                }
                results.append(PushResult(collection: record.collection, id: record.id, outcome: .merged))
            }
            let merged = results.filter { $0.outcome == .merged }.count
            let refused = results.count - merged
            let delivered = max(known.deliveredThrough, min(push.deliveredThrough, push.latestCounter))
            try OfficeReplicas.record(tx, office: office, replica: push.replica.rawValue,
                                      .init(latestCounter: push.latestCounter, deliveredThrough: delivered))
            try OfficeReplicas.raise(tx, office: office, claims: incarnationClaims, broughtBy: push.replica, now: now)
            let answer = SyncBodyEncoding.answer(
                Array(PushResponse(hub: store.replica, results: results, deliveredThrough: delivered).json), to: request,
                compressing: compression, sayingGzipIsTaken: compression)
            let body = answer.body
            let pending = max(0, report.pendingCount - merged)
            try db.execute("""
                UPDATE \(HolderKind(scope).table) SET last_contact_at = ?, last_push_at = ?, delivered_through = ?,
                    latest_counter = ?, pending_count = ?, oldest_pending_seconds = ?,
                    software_version = ?, clock_ahead_ms = ?, records_in = records_in + ?,
                    bytes_in = bytes_in + ?, bytes_out = bytes_out + ?, refused_total = refused_total + ?
                WHERE id = ?
                """, [
                    .integer(now), .integer(now), .integer(Int64(delivered)),
                    .integer(Int64(push.latestCounter)),
                    .integer(Int64(pending)),
                    pending > 0 ? report.oldestPendingSeconds.map { .integer(Int64($0)) } ?? .null : .null,
                    .text(report.softwareVersion), ahead.map { .integer($0) } ?? .null,
                    .integer(Int64(merged)), .integer(Int64(bodyBytes)),
                    .integer(Int64(body.count)), .integer(Int64(refused)), .text(office),
                ])
            try SyncHistory.record(tx, SyncEvent(
                office: office, at: now, kind: .push, records: merged, refused: refused,
                bytesIn: bodyBytes, bytesOut: body.count, durationMillis: Self.millis(since: started),
                    client: request.clientAddress))
            return answer
        }
        return response
    }

    public func pull(_ request: HTTPRequest) throws -> HTTPResponse {
        let scope = try authenticate(request)
        let office = scope.holder
        let since: UInt64
        if let text = request.query["since"] {
            guard let value = UInt64(text), value <= UInt64(Int64.max) else {
                throw HTTPError(400, "malformed", "since must be a whole number ≥ 0, not '\(text)'")
            }
            since = value
        } else {
            since = 0
        }
        var limit = SyncProtocol.defaultBatchSize
        if let text = request.query["limit"] {
            guard let value = Int(text), (1...SyncProtocol.maximumBatchSize).contains(value) else {
                throw HTTPError(400, "malformed", "limit must be 1 to \(SyncProtocol.maximumBatchSize), not '\(text)'")
            }
            limit = value
        }
        // The pulling replica (nodes of this release say it): what it pushed itself, exactly
        // as the hub holds it, is not sent back. A replica outside the scope is ignored.
        let replica = request.query["replica"].flatMap(ReplicaID.init).flatMap { scope.owns(replica: $0) ? $0 : nil }
        let now = now()
        let started = ContinuousClock.now
        return try store.transaction { tx in
            // Stored bodies go out as they are, not decoded and encoded again: they are
            // `RecordJSON` bytes, what encoding the records would write.
            let (rows, last, more) = try tx.changedBodies(in: scope, since: Int64(since), limit: limit, skipping: replica)
            let next = last.map { UInt64($0) } ?? since
            // Scans the hub wants of the caller, with the last page (the caller then sends them).
            let wanted = more ? [] : try FileRefs.wanted(tx, by: scope)
            // Compressed here, so that what is counted is what goes on the wire.
            let answer = SyncBodyEncoding.answer(
                Array(PullResponse.json(hub: store.replica, recordBodies: rows, next: next, more: more, wantedFiles: wanted)), to: request,
                compressing: compression)
            let body = answer.body
            try tx.database.execute("""
                UPDATE \(HolderKind(scope).table) SET last_contact_at = ?, last_pull_at = ?, records_out = records_out + ?,
                    bytes_out = bytes_out + ?, pulled_through = ?
                WHERE id = ?
                """, [.integer(now), .integer(now), .integer(Int64(rows.count)), .integer(Int64(body.count)),
                      .integer(Int64(next)), .text(office)])
            try SyncHistory.record(tx, SyncEvent(
                office: office, at: now, kind: .pull, records: rows.count, refused: 0,
                bytesIn: 0, bytesOut: body.count, durationMillis: Self.millis(since: started),
                    client: request.clientAddress))
            return answer
        }
    }

    /// `POST /v1/sync/offices`: a district hub's report of the offices it holds (its status),
    /// before it pushes and pulls them. 403 for an office's token.
    public func offices(_ request: HTTPRequest) throws -> HTTPResponse {
        let scope = try authenticate(request)
        guard scope.isDistrict else {
            throw HTTPError(403, "not-a-district", "only a district hub's token reports offices; \(scope.holder) is an office")
        }
        let json = try SyncBodyEncoding.body(of: request)
        let answer: DistrictOffices.Answer
        do {
            answer = try DistrictOffices.take(json, from: scope.holder, store: store, now: now())
        } catch let error as DistrictOffices.ReportError {
            throw HTTPError(400, "malformed", error.description)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return SyncBodyEncoding.answer(Array(try encoder.encode(answer)), to: request, compressing: compression)
    }

    /// Milliseconds since `start` on the monotonic clock: a duration, which the injectable
    /// wall clock `now` (set back by NTP, or by a test) could make negative or huge.
    static func millis(since start: ContinuousClock.Instant) -> Int {
        let elapsed = (ContinuousClock.now - start).components
        return Int(elapsed.seconds) * 1000 + Int(elapsed.attoseconds / 1_000_000_000_000_000)
    }
}
