import Foundation
import HalamjCommandLine
import ReplicaStorage
import HubClient
import LocalNode
import SyncModel

/// `halamj-node init --office <office-id> --hub <url> --token-file <file> [--db …]`
enum InitCommand {
    static let office = Option("--office", "<office-id>", .text, required: true,
                               help: "албаны дугаар (this office's id at the hub, e.g. soum-4305)")
    static let hub = Option("--hub", "<url>", .text, help: """
        төвийн хаяг (the district hub, e.g. https://hub43.example.mn;
        http:// only to this machine: 127.0.0.1, ::1, localhost)
        """)
    static let tokenFile = Option("--token-file", "<file>", .text,
                                  help: "токентой файл (a file holding the token 'halamj-hub office add' printed)")
    static let insecure = Flag(HubAddress.insecureOption, help: """
        шифрлэлтгүй (accept an http:// hub on another machine: the token and
        the cases then cross the network unencrypted; a warning
        is printed here and at every sync)
        """)
    static let caFile = Option("--ca-file", "<file>", .text, help: """
        итгэмжлэгдсэн CA (the district's own certificate authority, PEM: the hub's
        certificate must chain to it; without it the system's public CAs are used).
        'none' in config goes back to those
        """)
    static let pin = Option("--pin", "<sha256//…>", .text, help: """
        түлхүүр бэхлэх (the hub's public key: sha256//<base64>, several joined by ';',
        as 'openssl … | base64' prints it in docs/operations.md; a certificate whose key
        is not one of them is refused even if a CA signed it). 'none' in config drops it
        """)
    static let proxy = Option("--proxy", "<url>", .text, help: """
        прокси (the HTTP proxy this office reaches the internet through, e.g.
        http://10.0.0.1:3128; default: the https_proxy / http_proxy environment
        variables, if set). 'none' in config goes back to those
        """)
    static let timeZone = Option.timeZone(defaulted: true)
    static let spec = CommandSpec(
        "halamj-node init", "Зангилаа үүсгэх (create this office's database), once per office PC.",
        options: [office, hub.required(), tokenFile.required(), insecure, caFile, pin, proxy, timeZone], database: NodeCommand.defaultDatabase,
        notes: "The database file is made readable by its owner only: it holds the token.")

    static func run(_ words: [String]) throws -> Int32 {
        guard let line = try spec.parse(words) else { return ExitCode.success }
        let office = try line.value(office), insecure = try line.flag(insecure), db = try line.databasePath
        let zone = try line.value(timeZone)
        guard let replica = ReplicaID(office), !replica.isHub else {
            throw line.usageError("'\(office)' is not an office id: lower-case letters, digits, '-' and '_' (e.g. soum-4305); ids starting with 'hub-' are for hubs")
        }
        let url = try hubURL(line.value(hub), insecure: insecure, line)
        let token = try readToken(line.value(tokenFile))
        // Checked before the file is made: a mistake leaves nothing half set up.
        let ca = try line.optional(caFile).map { try trustedCA($0) }
        let pinning = try line.optional(pin).map { try pinned($0) }
        let through = try line.optional(proxy).map { try proxyURL($0, line) }
        let store = try NodeStore.create(path: db, replica: replica, office: office)
        try store.setUpstream(Upstream(
            url: url, token: token, insecureHTTP: insecure, caFile: ca, pinnedPublicKey: pinning, proxy: through))
        try store.setTimeZone(zone)
        Console.out("\(office): \(db) үүслээ (created); төв (hub) \(url.absoluteString); цагийн бүс (time zone) \(zone)")
        return ExitCode.success
    }

    static func readToken(_ tokenFile: String) throws -> String {
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
    static func trustedCA(_ path: String) throws -> String {
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
    static func pinned(_ text: String) throws -> String {
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
    static func proxyURL(_ text: String, _ line: ParsedCommandLine) throws -> String {
        guard let url = URL(string: text), ["http", "https", "socks5", "socks5h"].contains(url.scheme ?? ""),
              let host = url.host(percentEncoded: false), !host.isEmpty else {
            throw line.usageError("--proxy takes a proxy's address like http://10.0.0.1:3128, not '\(text)'")
        }
        return text
    }

    /// The hub's address, if the token may go there: https always, http only to this
    /// machine unless `insecure` (then with a warning on stderr).
    static func hubURL(_ text: String, insecure: Bool, _ line: ParsedCommandLine) throws -> URL {
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

    static let configTimeZone = Option.timeZone(defaulted: false)
    static let configSpec = CommandSpec(
        "halamj-node config", "Тохиргоо (settings): the hub's address and this office's token, kept with the data.",
        options: [hub, tokenFile, insecure, caFile, pin, proxy, configTimeZone],
        database: NodeCommand.defaultDatabase, notes: """
            With no option it shows the hub's address and the time zone. An http:// hub on
            another machine needs \(HubAddress.insecureOption), as for 'init'; a new --hub without
            it drops that consent.
            """)

    /// `halamj-node config`: shows, or changes, the hub address and token of an
    /// existing node (a hub that moved, a rotated token) without touching its data.
    static func config(_ words: [String]) throws -> Int32 {
        guard let line = try configSpec.parse(words) else { return ExitCode.success }
        let hub = try line.optional(hub), tokenFile = try line.optional(tokenFile), insecure = try line.flag(insecure)
        let store = try CaseCommand.openBook(line).store
        if let zone = try line.optional(configTimeZone) { try store.setTimeZone(zone) }
        guard var upstream = try store.upstream() else { throw CommandFailure(SyncError.noUpstream.description) }
        if hub != nil || insecure {
            upstream.url = try hubURL(hub ?? upstream.url.absoluteString, insecure: insecure, line)
            upstream.insecureHTTP = insecure
        }
        if let tokenFile { upstream.token = try readToken(tokenFile) }
        let ca = try line.optional(caFile), pinning = try line.optional(pin), through = try line.optional(proxy)
        if let through { upstream.proxy = through == "none" ? nil : try proxyURL(through, line) }
        if let ca { upstream.caFile = ca == "none" ? nil : try trustedCA(ca) }
        if let pinning { upstream.pinnedPublicKey = pinning == "none" ? nil : try pinned(pinning) }
        if hub != nil || tokenFile != nil || insecure || ca != nil || pinning != nil || through != nil { try store.setUpstream(upstream) }
        var shown = "\(store.office ?? store.replica.rawValue): төв (hub) \(upstream.url.absoluteString); цагийн бүс (time zone) \(try store.timeZone())"
        if let path = upstream.caFile { shown += "; CA \(path)" }
        if upstream.pinnedPublicKey != nil { shown += "; түлхүүр бэхэлсэн (key pinned)" }
        if let through = upstream.proxy { shown += "; прокси (proxy) \(through)" }
        Console.out(shown)
        return ExitCode.success
    }
}
