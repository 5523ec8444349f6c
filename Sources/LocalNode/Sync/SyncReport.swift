/// What one sync round moved.
public struct SyncReport: Sendable, Equatable, Codable {
    public var pushedRecords = 0
    public var pushBatches = 0
    public var refused = 0
    public var pulledRecords = 0
    public var pullBatches = 0
    /// Local records changed by what was pulled.
    public var changedLocally = 0
    /// Bytes that crossed the link, requests and answers: heads and bodies as sent
    /// (compressed bodies at their compressed size), every answered attempt.
    public var bytesSent = 0
    public var bytesReceived = 0

    public init() {}
}
