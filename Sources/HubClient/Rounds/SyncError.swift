import Foundation
import ReplicaStorage
import SyncModel

/// Why a sync round stopped. Nothing recorded locally is lost by any of these: the
/// next round resumes from the checkpoints.
public enum SyncError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The hub could not be reached (after every retry).
    case unreachable(String)
    /// The hub answered with an error that retrying will not fix.
    case rejected(status: Int, error: String, message: String)
    /// The answer could not be understood: broken framing, too large, not JSON (a
    /// captive portal's page), truncated. Temporary: it is what a proxy or a broken link
    /// answers for the hub, and the hub itself has refused nothing.
    case badAnswer(String)
    /// A push batch timed out, lost its connection or was cut by the hub (408): the
    /// client sends a smaller batch rather than the same bytes again.
    case interrupted(String)
    /// No hub is configured for this replica.
    case noUpstream
    /// The hub answered with a redirect, which is never followed: the token would go
    /// to the address the answer names.
    case redirected(location: String)
    /// The hub's certificate or public key was refused (another CA, another name,
    /// expired, not the pinned key) or a certificate file of the office's cannot be read.
    /// Nothing was sent (the token neither); not retried: somebody must act. Its text
    /// starts with `untrustedPrefix`.
    case untrusted(String)
    /// The hub's address is plain HTTP to another machine and the office never
    /// accepted that (`--insecure-http`); nothing was sent.
    case plainHTTPRefused(url: String)

    public var description: String {
        switch self {
        case .unreachable(let why), .interrupted(let why):
            "\(Self.unreachablePrefix) (\(why)); nothing is lost, run 'sync' again later"
        case .rejected(let status, let error, let message):
            switch status {
            case 401: "the hub refused this node's token (401 \(Self.oneLine(error))): \(Self.oneLine(message)); ask the hub for a new token"
            case 403: "the hub refused (403 \(Self.oneLine(error))): \(Self.oneLine(message))"
            case 409 where error == "protocol-version":
                "the hub runs another version of Halamj (\(Self.oneLine(message))); nothing is lost: install the release the district names (docs/operations.md, 'Upgrades'), then sync again"
            default: "the hub refused (\(status) \(Self.oneLine(error))): \(Self.oneLine(message))"
            }
        case .badAnswer(let why):
            "the hub's answer could not be read (\(Self.oneLine(why))); nothing is lost, run 'sync' again later"
        case .untrusted(let why):
            "\(Self.oneLine(why)); nothing was sent and nothing is lost: check the office's --ca-file and --pin ('halamj-node status' shows them, 'halamj-node config' changes them) and ask the district whether the hub's certificate changed or ran out (a network that intercepts https does this too)"
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
    /// How a refused certificate's description starts (libcurl's reason follows).
    public static let untrustedPrefix = "TLS: "

    /// Whether a later try may succeed without anybody changing anything (exit 75);
    /// otherwise somebody must act (exit 1). No answer, a cut or slow link and an answer
    /// that is not the hub's (HTML from a captive portal, broken framing, a truncated
    /// body) are temporary; a refusal the hub stated (4xx with its reason), a redirect and
    /// a refused address or certificate wait for a person.
    public var isTemporary: Bool {
        switch self {
        case .unreachable, .interrupted, .badAnswer: true
        case .rejected, .untrusted, .noUpstream, .redirected, .plainHTTPRefused: false
        }
    }

    /// An answer that arrived whole but is not the JSON expected, in one line that
    /// says what it looks like instead.
    public static func unreadable(_ what: String, _ answer: Data, _ error: any Error) -> SyncError {
        let whitespace: Set<UInt8> = [0x20, 0x0A, 0x0D, 0x09]
        let first: UInt8? = answer.prefix(64).first { !whitespace.contains($0) }
        if answer.isEmpty { return .badAnswer("\(what): empty") }
        if first == UInt8(ascii: "<") {
            return .badAnswer("\(what): HTML instead of JSON (a proxy or a captive portal answering for the hub?)")
        }
        if let decoding = error as? DecodingError {
            switch decoding {
            case .dataCorrupted(let context): return .badAnswer("\(what): not JSON, or cut short (\(context.debugDescription), \(answer.count) bytes)")
            case .keyNotFound(let key, _): return .badAnswer("\(what): JSON without '\(key.stringValue)'")
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                return .badAnswer("\(what): unexpected JSON at \(context.codingPath.map(\.stringValue).joined(separator: "."))")
            @unknown default: break
            }
        }
        return .badAnswer("\(what): \(oneLine("\(error)"))")
    }

    /// `text` on one line of at most 300 characters: an answer's words reach the user.
    static func oneLine(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > 300 ? String(flat.prefix(300)) + "…" : flat
    }
}
