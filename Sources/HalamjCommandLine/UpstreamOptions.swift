import Foundation
import ReplicaStorage

/// The options and checks of where a replica syncs to, shared by `halamj-node init`/`config`
/// (a soum's district hub) and `halamj-hub upstream` (a district's national hub): the token
/// file, plain HTTP only by consent, a private CA, a key pin, a proxy.
public enum UpstreamOptions {
    public static let insecure = Flag(HubAddress.insecureOption, help: """
        шифрлэлтгүй (accept an http:// hub on another machine: the token and
        the cases then cross the network unencrypted; a warning
        is printed here and at every sync)
        """)
    public static let caFile = Option("--ca-file", "<file>", .text, help: """
        итгэмжлэгдсэн CA (the district's own certificate authority, PEM: the hub's
        certificate must chain to it; without it the system's public CAs are used).
        'none' in config goes back to those
        """)
    public static let pin = Option("--pin", "<sha256//…>", .text, help: """
        түлхүүр бэхлэх (the hub's public key: sha256//<base64>, several joined by ';',
        as 'openssl … | base64' prints it in docs/operations.md; a certificate whose key
        is not one of them is refused even if a CA signed it). 'none' in config drops it
        """)
    public static let proxy = Option("--proxy", "<url>", .text, help: """
        прокси (the HTTP proxy this office reaches the internet through, e.g.
        http://10.0.0.1:3128; default: the https_proxy / http_proxy environment
        variables, if set). 'none' in config goes back to those
        """)

    public static func readToken(_ tokenFile: String) throws -> String {
        let token: String
        do {
            token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw CommandFailure("cannot read the token file \(tokenFile): \(error.localizedDescription)")
        }
        guard !token.isEmpty, !token.contains(where: \.isWhitespace) else {
            throw CommandFailure("the token file \(tokenFile) is empty or holds more than one word; put only the token in it")
        }
        return token
    }

    /// The CA file's absolute path, once it is known to be a readable PEM certificate
    /// (the sync runs from other folders, and a wrong file would fail every sync later).
    public static func trustedCA(_ path: String) throws -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard let text = try? String(contentsOfFile: absolute, encoding: .utf8) else {
            throw CommandFailure("cannot read the CA file \(absolute)")
        }
        guard text.contains("-----BEGIN CERTIFICATE-----") else {
            throw CommandFailure("\(absolute) holds no PEM certificate ('-----BEGIN CERTIFICATE-----'); give the district's CA certificate")
        }
        return absolute
    }

    /// `sha256//<base64 of 32 bytes>`, several joined by `;`, as libcurl takes them.
    public static func pinned(_ text: String) throws -> String {
        let pins = text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        for pin in pins {
            guard pin.hasPrefix("sha256//"), let bytes = Data(base64Encoded: String(pin.dropFirst(8))), bytes.count == 32 else {
                throw CommandFailure("'\(pin)' is not a public-key pin: sha256//<base64 of the key's SHA-256>, e.g. as docs/operations.md makes it with openssl")
            }
        }
        guard !pins.isEmpty else { throw CommandFailure("--pin needs at least one sha256//… pin") }
        return pins.joined(separator: ";")
    }

    /// An http:// (or https://, socks5://) proxy with a host, as libcurl takes it.
    public static func proxyURL(_ text: String, _ line: ParsedCommandLine) throws -> String {
        guard let url = URL(string: text), ["http", "https", "socks5", "socks5h"].contains(url.scheme ?? ""),
              let host = url.host(percentEncoded: false), !host.isEmpty else {
            throw line.usageError("--proxy takes a proxy's address like http://10.0.0.1:3128, not '\(text)'")
        }
        return text
    }

    /// The hub's address, if the token may go there: https always, http only to this
    /// machine unless `insecure` (then with a warning on stderr).
    public static func hubURL(_ text: String, insecure: Bool, _ line: ParsedCommandLine) throws -> URL {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""),
              let transport = HubAddress.transport(of: url) else {
            throw line.usageError("'\(text)' is not an http:// or https:// address")
        }
        if transport == .plainHTTP {
            guard insecure else { throw CommandFailure(HubAddress.refusal(url)) }
            Console.err(HubAddress.warning(url))
        }
        return url
    }
}
