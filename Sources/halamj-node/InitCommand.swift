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
    static let insecure = UpstreamOptions.insecure
    static let caFile = UpstreamOptions.caFile
    static let pin = UpstreamOptions.pin
    static let proxy = UpstreamOptions.proxy
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
        let url = try UpstreamOptions.hubURL(line.value(hub), insecure: insecure, line)
        let token = try UpstreamOptions.readToken(line.value(tokenFile))
        // Checked before the file is made: a mistake leaves nothing half set up.
        let ca = try line.optional(caFile).map { try UpstreamOptions.trustedCA($0) }
        let pinning = try line.optional(pin).map { try UpstreamOptions.pinned($0) }
        let through = try line.optional(proxy).map { try UpstreamOptions.proxyURL($0, line) }
        let store = try NodeStore.create(path: db, replica: replica, office: office)
        try store.setUpstream(Upstream(
            url: url, token: token, insecureHTTP: insecure, caFile: ca, pinnedPublicKey: pinning, proxy: through))
        try store.setTimeZone(zone)
        Console.out("\(office): \(db) үүслээ (created); төв (hub) \(url.absoluteString); цагийн бүс (time zone) \(zone)")
        return ExitCode.success
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
            upstream.url = try UpstreamOptions.hubURL(hub ?? upstream.url.absoluteString, insecure: insecure, line)
            upstream.insecureHTTP = insecure
        }
        if let tokenFile { upstream.token = try UpstreamOptions.readToken(tokenFile) }
        let ca = try line.optional(caFile), pinning = try line.optional(pin), through = try line.optional(proxy)
        if let through { upstream.proxy = through == "none" ? nil : try UpstreamOptions.proxyURL(through, line) }
        if let ca { upstream.caFile = ca == "none" ? nil : try UpstreamOptions.trustedCA(ca) }
        if let pinning { upstream.pinnedPublicKey = pinning == "none" ? nil : try UpstreamOptions.pinned(pinning) }
        if hub != nil || tokenFile != nil || insecure || ca != nil || pinning != nil || through != nil { try store.setUpstream(upstream) }
        var shown = "\(store.office ?? store.replica.rawValue): төв (hub) \(upstream.url.absoluteString); цагийн бүс (time zone) \(try store.timeZone())"
        if let path = upstream.caFile { shown += "; CA \(path)" }
        if upstream.pinnedPublicKey != nil { shown += "; түлхүүр бэхэлсэн (key pinned)" }
        if let through = upstream.proxy { shown += "; прокси (proxy) \(through)" }
        Console.out(shown)
        return ExitCode.success
    }
}
