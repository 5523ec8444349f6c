/// The push and pull messages through the hand-written codec of `RecordJSON`: the
/// bytes `JSONEncoder` writes with `.sortedKeys` and `.withoutEscapingSlashes`, and a
/// reader that returns nil (ask `JSONDecoder`) for anything but the plain form.
extension PushRequest {
    public var json: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + records.count * 2048)
        Self.appendJSON(
            replica: replica, softwareVersion: softwareVersion, deliveredThrough: deliveredThrough,
            latestCounter: latestCounter, pendingCount: pendingCount, oldestPendingSeconds: oldestPendingSeconds,
            to: &out
        ) { out in
            for (index, record) in records.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                RecordJSON.append(record, to: &out)
            }
        }
        return out
    }

    /// The request with records given as their stored bodies (`RecordJSON` bytes), put
    /// in as they are, without decoding them: the same bytes as `json` of the records.
    public static func json(
        replica: ReplicaID, softwareVersion: String = SyncProtocol.softwareVersion,
        deliveredThrough: UInt64, latestCounter: UInt64, pendingCount: Int, oldestPendingSeconds: Int?,
        recordBodies: [[UInt8]]
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + recordBodies.reduce(0) { $0 + $1.count + 1 })
        appendJSON(
            replica: replica, softwareVersion: softwareVersion, deliveredThrough: deliveredThrough,
            latestCounter: latestCounter, pendingCount: pendingCount, oldestPendingSeconds: oldestPendingSeconds,
            to: &out
        ) { out in
            for (index, body) in recordBodies.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: body)
            }
        }
        return out
    }

    private static func appendJSON(
        replica: ReplicaID, softwareVersion: String, deliveredThrough: UInt64, latestCounter: UInt64,
        pendingCount: Int, oldestPendingSeconds: Int?, to out: inout [UInt8], records: (inout [UInt8]) -> Void
    ) {
        RecordJSON.appendLiteral(#"{"deliveredThrough":"#, to: &out)
        RecordJSON.appendUnsigned(deliveredThrough, to: &out)
        RecordJSON.appendLiteral(#","latestCounter":"#, to: &out)
        RecordJSON.appendUnsigned(latestCounter, to: &out)
        if let oldestPendingSeconds {
            RecordJSON.appendLiteral(#","oldestPendingSeconds":"#, to: &out)
            RecordJSON.appendSigned(Int64(oldestPendingSeconds), to: &out)
        }
        RecordJSON.appendLiteral(#","pendingCount":"#, to: &out)
        RecordJSON.appendSigned(Int64(pendingCount), to: &out)
        RecordJSON.appendLiteral(#","records":["#, to: &out)
        records(&out)
        RecordJSON.appendLiteral(#"],"replica":"#, to: &out)
        RecordJSON.appendString(replica.rawValue, to: &out)
        RecordJSON.appendLiteral(#","softwareVersion":"#, to: &out)
        RecordJSON.appendString(softwareVersion, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// The request in `bytes`, or nil when it is not in the plain form: ask JSONDecoder.
    public static func decodeJSON(_ bytes: UnsafeRawBufferPointer) -> PushRequest? {
        decodeJSON(bytes, keepingBodies: false)?.request
    }

    /// The same, and for each record the bytes it was read from when they are exactly
    /// what `RecordJSON.encode` writes for it (else nil): what a store may keep as its
    /// body without encoding the record again.
    public static func decodeJSONKeepingBodies(_ bytes: UnsafeRawBufferPointer) -> (request: PushRequest, bodies: [[UInt8]?])? {
        decodeJSON(bytes, keepingBodies: true)
    }

    private static func decodeJSON(_ bytes: UnsafeRawBufferPointer, keepingBodies: Bool) -> (request: PushRequest, bodies: [[UInt8]?])? {
        guard let base = bytes.baseAddress else { return nil }
        var reader = JSONReader(start: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        var replica: ReplicaID?, softwareVersion: String?, delivered: UInt64?, latest: UInt64?, pending: Int64?
        var oldest: Int64??
        var records: [Record]?
        var bodies: [[UInt8]?] = []
        let ok = reader.object { reader, key in
            switch MessageKey(key) {
            case .replica where replica == nil: replica = reader.replica(); return replica != nil
            case .softwareVersion where softwareVersion == nil: softwareVersion = reader.string(); return softwareVersion != nil
            case .deliveredThrough where delivered == nil: delivered = reader.unsigned(); return delivered != nil
            case .latestCounter where latest == nil: latest = reader.unsigned(); return latest != nil
            case .pendingCount where pending == nil: pending = reader.signed(); return pending != nil
            case .oldestPendingSeconds where oldest == nil:
                if reader.null() { oldest = .some(nil); return true }
                guard let value = reader.signed() else { return false }
                oldest = .some(value)
                return true
            case .records where records == nil:
                records = keepingBodies ? reader.records(bodies: &bodies) : reader.records()
                return records != nil
            default: return false
            }
        }
        guard ok, reader.atEnd(), let replica, let softwareVersion, let delivered, let latest, let pending,
              let pendingCount = Int(exactly: pending), let records else { return nil }
        var oldestSeconds: Int?
        if let oldest = oldest ?? nil {
            guard let value = Int(exactly: oldest) else { return nil }
            oldestSeconds = value
        }
        let request = PushRequest(
            replica: replica, softwareVersion: softwareVersion, deliveredThrough: delivered, latestCounter: latest,
            pendingCount: pendingCount, oldestPendingSeconds: oldestSeconds, records: records)
        return (request, bodies)
    }
}

extension PullResponse {
    public var json: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + records.count * 2048)
        Self.appendJSON(hub: hub, next: next, more: more, to: &out) { out in
            for (index, record) in records.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                RecordJSON.append(record, to: &out)
            }
        }
        return out
    }

    /// The answer with records given as their stored bodies (`RecordJSON` bytes), put in
    /// as they are, without decoding them: the same bytes as `json` of the records.
    public static func json(hub: ReplicaID, recordBodies: [[UInt8]], next: UInt64, more: Bool, wantedFiles: [WantedFile] = []) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + recordBodies.reduce(0) { $0 + $1.count + 1 })
        appendJSON(hub: hub, next: next, more: more, wantedFiles: wantedFiles, to: &out) { out in
            for (index, body) in recordBodies.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: body)
            }
        }
        return out
    }

    private static func appendJSON(
        hub: ReplicaID, next: UInt64, more: Bool, wantedFiles: [WantedFile] = [], to out: inout [UInt8], records: (inout [UInt8]) -> Void
    ) {
        RecordJSON.appendLiteral(#"{"hub":"#, to: &out)
        RecordJSON.appendString(hub.rawValue, to: &out)
        RecordJSON.appendLiteral(more ? #","more":true,"next":"# : #","more":false,"next":"#, to: &out)
        RecordJSON.appendUnsigned(next, to: &out)
        RecordJSON.appendLiteral(#","records":["#, to: &out)
        records(&out)
        RecordJSON.appendLiteral("]", to: &out)
        // Only when the hub wants a scan: a pull with none costs not one byte more.
        if !wantedFiles.isEmpty {
            RecordJSON.appendLiteral(#","wantedFiles":["#, to: &out)
            for (index, file) in wantedFiles.enumerated() {
                RecordJSON.appendLiteral(index > 0 ? #",{"case":"# : #"{"case":"#, to: &out)
                RecordJSON.appendString(file.caseNumber, to: &out)
                RecordJSON.appendLiteral(#","sha256":"#, to: &out)
                RecordJSON.appendString(file.sha256, to: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
    }

    /// The answer in `bytes`, or nil when it is not in the plain form: ask JSONDecoder.
    public static func decodeJSON(_ bytes: UnsafeRawBufferPointer) -> PullResponse? {
        decodeJSON(bytes, keepingBodies: false)?.response
    }

    /// The same, and for each record the bytes it was read from when they are exactly
    /// what `RecordJSON.encode` writes for it (else nil): what a store may keep as its
    /// body without encoding the record again.
    public static func decodeJSONKeepingBodies(_ bytes: UnsafeRawBufferPointer) -> (response: PullResponse, bodies: [[UInt8]?])? {
        decodeJSON(bytes, keepingBodies: true)
    }

    private static func decodeJSON(_ bytes: UnsafeRawBufferPointer, keepingBodies: Bool) -> (response: PullResponse, bodies: [[UInt8]?])? {
        guard let base = bytes.baseAddress else { return nil }
        var reader = JSONReader(start: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        var hub: ReplicaID?, next: UInt64?, more: Bool?
        var records: [Record]?
        var wanted: [WantedFile]?
        var bodies: [[UInt8]?] = []
        let ok = reader.object { reader, key in
            switch MessageKey(key) {
            case .wantedFiles where wanted == nil: wanted = reader.wantedFiles(); return wanted != nil
            case .hub where hub == nil: hub = reader.replica(); return hub != nil
            case .next where next == nil: next = reader.unsigned(); return next != nil
            case .more where more == nil: more = reader.bool(); return more != nil
            case .records where records == nil:
                records = keepingBodies ? reader.records(bodies: &bodies) : reader.records()
                return records != nil
            default: return false
            }
        }
        guard ok, reader.atEnd(), let hub, let next, let more, let records else { return nil }
        return (PullResponse(hub: hub, records: records, next: next, more: more, wantedFiles: wanted), bodies)
    }
}

extension JSONReader {
    /// `[{"case":…,"sha256":…},…]`.
    mutating func wantedFiles() -> [WantedFile]? {
        var files: [WantedFile] = []
        let ok = array { reader in
            var number: String?, sha: String?
            let ok = reader.object { reader, key in
                switch MessageKey(key) {
                case .caseNumber where number == nil: number = reader.string(); return number != nil
                case .sha256 where sha == nil: sha = reader.string(); return sha != nil
                default: return false
                }
            }
            guard ok, let number, let sha else { return false }
            files.append(WantedFile(caseNumber: number, sha256: sha))
            return true
        }
        return ok ? files : nil
    }

    /// An array of records.
    mutating func records() -> [Record]? {
        var records: [Record] = []
        let ok = array { reader in
            guard let record = reader.record() else { return false }
            records.append(record)
            return true
        }
        return ok ? records : nil
    }

    /// An array of records, and into `bodies` (one per record) the bytes each was read
    /// from when they are what `RecordJSON.encode` writes for it, else nil.
    mutating func records(bodies: inout [[UInt8]?]) -> [Record]? {
        var records: [Record] = []
        let ok = array { reader in
            guard let (record, body) = reader.recordKeepingBody() else { return false }
            records.append(record)
            bodies.append(body.map(Array.init))
            return true
        }
        return ok ? records : nil
    }
}

/// The keys of the push and pull messages, by their bytes.
enum MessageKey {
    case replica, softwareVersion, deliveredThrough, latestCounter, pendingCount, oldestPendingSeconds, records
    case hub, next, more, results, collection, id, outcome, field, reason, other
    case wantedFiles, caseNumber, sha256

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        let equal = JSONReader.Key.equal
        if equal(bytes, "records") { self = .records }
        else if equal(bytes, "replica") { self = .replica }
        else if equal(bytes, "hub") { self = .hub }
        else if equal(bytes, "next") { self = .next }
        else if equal(bytes, "more") { self = .more }
        else if equal(bytes, "softwareVersion") { self = .softwareVersion }
        else if equal(bytes, "deliveredThrough") { self = .deliveredThrough }
        else if equal(bytes, "latestCounter") { self = .latestCounter }
        else if equal(bytes, "pendingCount") { self = .pendingCount }
        else if equal(bytes, "oldestPendingSeconds") { self = .oldestPendingSeconds }
        else if equal(bytes, "results") { self = .results }
        else if equal(bytes, "collection") { self = .collection }
        else if equal(bytes, "id") { self = .id }
        else if equal(bytes, "outcome") { self = .outcome }
        else if equal(bytes, "field") { self = .field }
        else if equal(bytes, "reason") { self = .reason }
        else if equal(bytes, "wantedFiles") { self = .wantedFiles }
        else if equal(bytes, "case") { self = .caseNumber }
        else if equal(bytes, "sha256") { self = .sha256 }
        else { self = .other }
    }
}

extension PushResponse {
    public var json: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + results.count * 64)
        RecordJSON.appendLiteral(#"{"deliveredThrough":"#, to: &out)
        RecordJSON.appendUnsigned(deliveredThrough, to: &out)
        RecordJSON.appendLiteral(#","hub":"#, to: &out)
        RecordJSON.appendString(hub.rawValue, to: &out)
        RecordJSON.appendLiteral(#","results":["#, to: &out)
        for (index, result) in results.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            RecordJSON.appendLiteral(#"{"collection":"#, to: &out)
            RecordJSON.appendString(result.collection, to: &out)
            if let field = result.field {
                RecordJSON.appendLiteral(#","field":"#, to: &out)
                RecordJSON.appendString(field, to: &out)
            }
            RecordJSON.appendLiteral(#","id":"#, to: &out)
            RecordJSON.appendString(result.id, to: &out)
            RecordJSON.appendLiteral(#","outcome":"#, to: &out)
            RecordJSON.appendString(result.outcome.rawValue, to: &out)
            if let reason = result.reason {
                RecordJSON.appendLiteral(#","reason":"#, to: &out)
                RecordJSON.appendString(reason, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        RecordJSON.appendLiteral("]}", to: &out)
        return out
    }

    /// The answer in `bytes`, or nil when it is not in the plain form: ask JSONDecoder.
    public static func decodeJSON(_ bytes: UnsafeRawBufferPointer) -> PushResponse? {
        guard let base = bytes.baseAddress else { return nil }
        var reader = JSONReader(start: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        var hub: ReplicaID?, delivered: UInt64?
        var results: [PushResult]?
        let ok = reader.object { reader, key in
            switch MessageKey(key) {
            case .hub where hub == nil: hub = reader.replica(); return hub != nil
            case .deliveredThrough where delivered == nil: delivered = reader.unsigned(); return delivered != nil
            case .results where results == nil:
                var list: [PushResult] = []
                guard reader.array({ reader in
                    guard let result = reader.pushResult() else { return false }
                    list.append(result)
                    return true
                }) else { return false }
                results = list
                return true
            default: return false
            }
        }
        guard ok, reader.atEnd(), let hub, let delivered, let results else { return nil }
        return PushResponse(hub: hub, results: results, deliveredThrough: delivered)
    }
}

extension JSONReader {
    mutating func pushResult() -> PushResult? {
        var collection: String?, id: String?, outcome: PushResult.Outcome?, field: String??, reason: String??
        let ok = object { reader, key in
            switch MessageKey(key) {
            case .collection where collection == nil: collection = reader.string(); return collection != nil
            case .id where id == nil: id = reader.string(); return id != nil
            case .outcome where outcome == nil:
                outcome = reader.string().flatMap(PushResult.Outcome.init(rawValue:))
                return outcome != nil
            case .field where field == nil:
                if reader.null() { field = .some(nil); return true }
                guard let text = reader.string() else { return false }
                field = .some(text)
                return true
            case .reason where reason == nil:
                if reader.null() { reason = .some(nil); return true }
                guard let text = reader.string() else { return false }
                reason = .some(text)
                return true
            default: return false
            }
        }
        guard ok, let collection, let id, let outcome else { return nil }
        return PushResult(collection: collection, id: id, outcome: outcome, field: field ?? nil, reason: reason ?? nil)
    }
}
