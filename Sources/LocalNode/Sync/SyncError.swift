import SyncModel

/// Why a sync round stopped. Nothing recorded locally is lost by any of these: the
/// next round resumes from the checkpoints.
public enum SyncError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The hub could not be reached (after every retry).
    case unreachable(String)
    /// The hub answered with an error that retrying will not fix.
    case rejected(status: Int, error: String, message: String)
    /// The hub's answer could not be understood.
    case badAnswer(String)
    /// No hub is configured for this replica.
    case noUpstream
    /// The hub answered with a redirect, which is never followed: the token would go
    /// to the address the answer names.
    case redirected(location: String)
    /// The hub's address is plain HTTP to another machine and the office never
    /// accepted that (`--insecure-http`); nothing was sent.
    case plainHTTPRefused(url: String)

    public var description: String {
        switch self {
        case .unreachable(let why):
            "\(Self.unreachablePrefix) (\(why)); nothing is lost, run 'sync' again later"
        case .rejected(let status, let error, let message):
            switch status {
            case 401: "the hub refused this node's token (401 \(error)): \(message); ask the hub for a new token"
            case 403: "the hub refused (403 \(error)): \(message)"
            default: "the hub refused (\(status) \(error)): \(message)"
            }
        case .badAnswer(let why):
            "the hub's answer could not be read: \(why)"
        case .noUpstream:
            "no hub configured: run 'init' with --hub and --token-file"
        case .redirected(let location):
            "the hub answered with a redirect to \(location); Halamj does not follow redirects with the token; set --hub to the new address ('halamj-node config --hub <url>')"
        case .plainHTTPRefused(let url):
            "\(url) is plain HTTP to another machine: the office's token would cross the network unencrypted; set an https:// address with 'halamj-node config --hub <url>', or accept plain HTTP with 'halamj-node config \(HubAddress.insecureOption)'"
        }
    }

    /// How an unreachable hub's description starts, so that the sync error a node
    /// recorded (as text) still tells "no answer" from "answered with a refusal".
    public static let unreachablePrefix = "the hub cannot be reached"

    /// Whether a later try may succeed without anybody changing anything.
    public var isTemporary: Bool {
        if case .unreachable = self { return true }
        return false
    }
}
