/// Constants of the sync protocol shared by nodes and hubs.
public enum SyncProtocol {
    /// The version this build speaks; sent as the `Halamj-Protocol` header.
    public static let version = 1
    public static let versionHeader = "Halamj-Protocol"
    public static let pushPath = "/v1/sync/push"
    public static let pullPath = "/v1/sync/pull"
    /// Where a district hub reports the offices it holds, before each round (issue 19).
    public static let officesPath = "/v1/sync/offices"
    /// Scans (issue 20): `POST` announces a file's pieces, `PUT <filesPath>/<sha256>` sends
    /// pieces, `GET <filesPath>/<sha256>` fetches one; each names the case that refers to it.
    public static let filesAnnouncePath = "/v1/files/announce"
    public static let filesPath = "/v1/files"
    /// Records per batch unless configured otherwise.
    public static let defaultBatchSize = 500
    /// The most records a hub accepts or returns in one batch.
    public static let maximumBatchSize = 1_000
    public static let softwareVersion = "0.1.0"
}
