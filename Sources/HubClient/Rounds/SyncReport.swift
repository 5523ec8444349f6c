/// What one sync round moved, and while it runs, what it has moved so far.
public struct SyncReport: Sendable, Equatable, Codable {
    public var pushedRecords = 0
    public var pushBatches = 0
    public var refused = 0
    public var pulledRecords = 0
    public var pullBatches = 0
    /// Local records changed by what was pulled.
    public var changedLocally = 0
    /// Bytes that crossed the link, requests and answers: heads and bodies as sent
    /// (compressed bodies at their compressed size), every answered attempt,
    /// and while the round runs, the request in flight so far.
    public var bytesSent = 0
    public var bytesReceived = 0
    /// Records waiting to go up when the round started.
    public var toPush = 0
    /// Scans (issue 20), after the records: files sent whole this round and the bytes of
    /// them sent (pieces), files and bytes still waiting to go up, and files that could
    /// not be sent (damaged or missing here, or not taken by the hub: `status` says why).
    public var filesSent = 0
    public var fileBytesSent = 0
    public var filesWaiting = 0
    public var fileBytesWaiting = 0
    public var filesHeldBack = 0
    /// Seconds spent sending pieces (their requests and answers), and the requests of
    /// the files' part of the round (announcements and pieces).
    public var fileSeconds = 0.0
    public var fileRequests = 0
    /// Seconds since the round started.
    public var seconds = 0.0
    /// What the round is doing now.
    public var phase = Phase.pushing

    public enum Phase: String, Sendable, Codable {
        case pushing, pulling, sendingFiles, done
    }

    public init() {}

    /// Bytes a second both ways together, over the round so far.
    public var bytesPerSecond: Double? {
        seconds > 0.5 ? Double(bytesSent + bytesReceived) / seconds : nil
    }

    /// About how long the files still waiting take at the pace of the round's pieces so
    /// far; nil before any piece was answered, and when nothing waits.
    public var fileSecondsLeft: Double? {
        guard fileBytesSent > 0, fileBytesWaiting > 0, fileSeconds > 0 else { return nil }
        return fileSeconds * Double(fileBytesWaiting) / Double(fileBytesSent)
    }

    /// About how long the push still takes, from the pace of the records sent so far;
    /// nil before the first batch is answered, and once everything went up (how much the
    /// hub has to send back is not known until it says so).
    public var pushSecondsLeft: Double? {
        let done = pushedRecords + refused
        guard phase == .pushing, done > 0, toPush > done, seconds > 0 else { return nil }
        return seconds * Double(toPush - done) / Double(done)
    }
}
