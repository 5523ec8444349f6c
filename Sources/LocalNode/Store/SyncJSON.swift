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
