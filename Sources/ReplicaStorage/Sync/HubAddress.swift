import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether a hub address may carry this office's token: every request sends it as a
/// bearer credential, so over plain HTTP anyone on the path can copy it (and read the
/// cases). `https://` is always fine; `http://` only to this machine, where the hub
/// listens behind nginx or in a test, unless the office said `--insecure-http`.
public enum HubAddress {
    /// The option that lets a node speak plain HTTP to another machine.
    public static let insecureOption = "--insecure-http"

    public enum Transport: Sendable, Equatable {
        /// `https://`: the token travels encrypted.
        case encrypted
        /// `http://` to 127.0.0.0/8, ::1 or localhost: the token never leaves the machine.
        case loopback
        /// `http://` to anything else: the token crosses the network in clear.
        case plainHTTP
    }

    /// How `url` would carry the token; nil when it is not an http(s) address with a host.
    public static func transport(of url: URL) -> Transport? {
        guard let host = url.host(percentEncoded: false), !host.isEmpty else { return nil }
        switch url.scheme?.lowercased() {
        case "https": return .encrypted
        case "http": return isLoopback(host: host) ? .loopback : .plainHTTP
        default: return nil
        }
    }

    /// 127.0.0.0/8, ::1 and `localhost`. Addresses are parsed, not matched by prefix:
    /// `127.example.org` is a name anyone can own.
    public static func isLoopback(host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix(".") { name.removeLast() }
        if name == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, name, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { $0.elementsEqual([UInt8](repeating: 0, count: 15) + [1]) }
        }
        return false
    }

    /// Printed (to stderr) whenever a node is set up for, or syncs over, plain HTTP.
    public static func warning(_ url: URL) -> String {
        "Warning: \(url.absoluteString) is plain HTTP to another machine (\(insecureOption)): this office's token and its cases cross the network unencrypted; use an https:// address"
    }

    /// Why a plain-HTTP address is refused without the option.
    public static func refusal(_ url: URL) -> String {
        "\(url.absoluteString) is plain HTTP to another machine: the office's token would cross the network unencrypted; use an https:// address, or pass \(insecureOption) to accept that"
    }
}
