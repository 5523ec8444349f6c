/// `POST /v1/files/announce`: the file a replica is about to send, its pieces, and the
/// case of the sender's that names it (the hub takes only files its sender's cases name).
public struct FileAnnouncement: Sendable, Equatable, Codable {
    /// The case number (collection `cases`).
    public let caseNumber: String
    public let file: FilePieces

    public init(caseNumber: String, file: FilePieces) {
        self.caseNumber = caseNumber
        self.file = file
    }

    enum CodingKeys: String, CodingKey {
        case caseNumber = "case", file
    }
}

/// The answer to an announcement or a piece: how much of the file the receiver holds.
public struct FileProgress: Sendable, Equatable, Codable {
    public let sha256: String
    /// Bytes held, from the start: where the next piece begins.
    public let received: Int
    /// The whole file is held and hashed to its name.
    public let complete: Bool

    public init(sha256: String, received: Int, complete: Bool) {
        self.sha256 = sha256
        self.received = received
        self.complete = complete
    }
}
