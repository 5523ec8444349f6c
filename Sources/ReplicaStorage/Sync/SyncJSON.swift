import Foundation
import SyncModel

/// Records and sync messages from JSON: SyncModel's hand-written reader first (it takes
/// the plain form every Halamj writes, ~10x faster than Codable), Foundation's
/// `JSONDecoder` for anything it does not take, which gives the same value or the same
/// error as before. Writing goes through `RecordJSON` and the messages' `json`.
public enum SyncJSON {
    public static func record(_ bytes: UnsafeRawBufferPointer, decoder: JSONDecoder? = nil) throws -> Record {
        if let record = RecordJSON.decode(bytes) { return record }
        return try (decoder ?? JSONDecoder()).decode(Record.self, from: Data(bytes))
    }

    public static func record(_ bytes: [UInt8], decoder: JSONDecoder? = nil) throws -> Record {
        try bytes.withUnsafeBytes { try record($0, decoder: decoder) }
    }

    public static func pushRequest(_ bytes: [UInt8]) throws -> PushRequest {
        if let request = bytes.withUnsafeBytes({ PushRequest.decodeJSON($0) }) { return request }
        return try JSONDecoder().decode(PushRequest.self, from: Data(bytes))
    }

    /// The request, and for each record the bytes it was read from when they are what
    /// `RecordJSON.encode` writes for it (none when JSONDecoder had to read it).
    public static func pushRequestKeepingBodies(_ bytes: [UInt8]) throws -> (request: PushRequest, bodies: [[UInt8]?]) {
        if let read = bytes.withUnsafeBytes({ PushRequest.decodeJSONKeepingBodies($0) }) { return read }
        return (try JSONDecoder().decode(PushRequest.self, from: Data(bytes)), [])
    }

    /// Keys a record or an entry may hold; anything else was written by a newer Halamj.
    static let recordKeys: Set<String> = ["collection", "id", "office", "fields", "vector"]
    static let entryKeys: Set<String> = ["value", "replica", "counter", "wall", "logical"]

    /// For a push body `JSONDecoder` had to read (the fast reader takes only the plain
    /// form, without unknown keys): by record index, the first key of the record or of
    /// one of its entries that this version does not know. JSONDecoder drops such keys,
    /// so a record holding one is refused instead of stored without it.
    public static func unknownRecordKeys(_ bytes: [UInt8]) -> [Int: String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let records = object["records"] as? [Any] else { return [:] }
        var unknown: [Int: String] = [:]
        for (index, value) in records.enumerated() {
            guard let record = value as? [String: Any] else { continue }
            if let key = record.keys.sorted().first(where: { !recordKeys.contains($0) }) {
                unknown[index] = key
                continue
            }
            let fields = record["fields"] as? [String: Any] ?? [:]
            for (field, entries) in fields.sorted(by: { $0.key < $1.key }) {
                for case let entry as [String: Any] in entries as? [Any] ?? [] {
                    if let key = entry.keys.sorted().first(where: { !entryKeys.contains($0) }) {
                        unknown[index] = "\(field).\(key)"
                    }
                }
                if unknown[index] != nil { break }
            }
        }
        return unknown
    }

    public static func pushResponse(_ data: Data) throws -> PushResponse {
        if let response = data.withUnsafeBytes({ PushResponse.decodeJSON($0) }) { return response }
        return try JSONDecoder().decode(PushResponse.self, from: data)
    }

    /// The answer, and for each record the bytes it was read from when they are what
    /// `RecordJSON.encode` writes for it (none when JSONDecoder had to read it).
    public static func pullResponseKeepingBodies(_ data: Data) throws -> (response: PullResponse, bodies: [[UInt8]?]) {
        if let read = data.withUnsafeBytes({ PullResponse.decodeJSONKeepingBodies($0) }) { return read }
        return (try JSONDecoder().decode(PullResponse.self, from: data), [])
    }

    public static func pullResponse(_ data: Data) throws -> PullResponse {
        if let response = data.withUnsafeBytes({ PullResponse.decodeJSON($0) }) { return response }
        return try JSONDecoder().decode(PullResponse.self, from: data)
    }
}
