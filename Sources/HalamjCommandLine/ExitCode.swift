/// Process exit statuses shared by `halamj-node` and `halamj-hub`.
///
/// The values follow BSD `sysexits.h`, as swift-argument-parser does, so scripts
/// can tell a mistyped command (64) from a hub that is down and worth retrying (75).
public enum ExitCode {
    public static let success: Int32 = 0
    public static let failure: Int32 = 1
    /// EX_USAGE: the command line itself was wrong.
    public static let usage: Int32 = 64
    /// EX_TEMPFAIL: a service could not be reached; trying again later may work.
    public static let temporaryFailure: Int32 = 75
}
