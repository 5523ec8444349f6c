import Foundation
import HalamjCommandLine
import HubClient
import HubServer
import HubUpstream
import ReplicaStorage
import SyncModel

/// `halamj-hub upstream` and `halamj-hub sync`: a district hub syncing with the national
/// hub above it (issue 19), as a soum node syncs with its district.
enum UpstreamCommand {
    static let url = Option("--url", "<url>", .text, help: """
        үндэсний төвийн хаяг (the national hub, e.g. https://halamj.example.mn; http:// only to
        this machine unless \(HubAddress.insecureOption))
        """)
    static let tokenFile = Option("--token-file", "<file>", .text,
                                  help: "токентой файл (a file holding the token 'halamj-hub district add' printed at the national hub)")
    static let upstreamSpec = CommandSpec(
        "halamj-hub upstream", """
            Дээд төв (make this district hub a replica of a national hub, or show the one set).
            The first time, every case this hub holds is queued to go up. Then 'halamj-hub sync',
            or 'serve', which syncs every --upstream-every.
            """,
        options: [url, tokenFile, UpstreamOptions.insecure, UpstreamOptions.caFile, UpstreamOptions.pin, UpstreamOptions.proxy],
        database: HubCommand.defaultDatabase)

    static let watch = Flag("--watch", help: "тасралтгүй (keep syncing, one round every --interval seconds; stop with Ctrl-C)")
    static let interval = Option("--interval", "<seconds>", .number(above: 0, of: "seconds"), default: "300",
                                 help: "давтамж (time between rounds with --watch)")
    static let syncSpec = CommandSpec(
        "halamj-hub sync", """
            Үндэсний төвтэй солилцох (sync this district hub with the national hub): report the
            offices held here and their health, push what changed here (the soums' writes and
            the district's), pull the national hub's (decisions, transfers, double-application
            flags). Every batch is saved as it arrives; an interrupted sync resumes.
            """,
        options: [watch, interval, StatusCommand.silentAfter, Flag.json], database: HubCommand.defaultDatabase, notes: """
            Exit status: 0 done; 75 try again later (the national hub cannot be reached, the link
            was cut or timed out, the hub was busy); 1 the national hub refused.
            """)

    static func upstream(_ words: [String]) throws -> Int32 {
        guard let line = try upstreamSpec.parse(words) else { return ExitCode.success }
        let store = try HubCommand.openStore(line)
        let url = try line.optional(url), tokenFile = try line.optional(tokenFile), insecure = try line.flag(UpstreamOptions.insecure)
        let ca = try line.optional(UpstreamOptions.caFile), pin = try line.optional(UpstreamOptions.pin)
        let proxy = try line.optional(UpstreamOptions.proxy)
        let existing = try store.upstream()
        if let tokenFile {
            // A national hub (the first, or another) with its token.
            guard let text = url ?? existing?.url.absoluteString else { throw line.usageError("--url is needed the first time") }
            var upstream = Upstream(
                url: try UpstreamOptions.hubURL(text, insecure: insecure, line), token: try UpstreamOptions.readToken(tokenFile),
                insecureHTTP: insecure, caFile: existing?.caFile, pinnedPublicKey: existing?.pinnedPublicKey, proxy: existing?.proxy)
            try apply(&upstream, ca: ca, pin: pin, proxy: proxy, line)
            try DistrictSync.connect(store, to: upstream)
            if existing == nil {
                Console.out("\(store.replica): дээд төв (upstream) \(upstream.url.absoluteString); \(try store.waitingToPushCount()) бичлэг илгээхээр хүлээж байна (records queued to go up); run 'halamj-hub sync'")
                return ExitCode.success
            }
        } else if url != nil || insecure || ca != nil || pin != nil || proxy != nil {
            guard var upstream = existing else { throw line.usageError("--url and --token-file are needed the first time") }
            if let url, url != upstream.url.absoluteString || insecure {
                upstream.url = try UpstreamOptions.hubURL(url, insecure: insecure, line)
                upstream.insecureHTTP = insecure
            }
            try apply(&upstream, ca: ca, pin: pin, proxy: proxy, line)
            try store.setUpstream(upstream)
        }
        guard let shown = try store.upstream() else {
            Console.out("\(store.replica): дээд төвгүй (no upstream: this hub is the top); set one with --url and --token-file")
            return ExitCode.success
        }
        Console.out(describe(shown, store: store))
        return ExitCode.success
    }

    private static func apply(_ upstream: inout Upstream, ca: String?, pin: String?, proxy: String?, _ line: ParsedCommandLine) throws {
        if let proxy { upstream.proxy = proxy == "none" ? nil : try UpstreamOptions.proxyURL(proxy, line) }
        if let ca { upstream.caFile = ca == "none" ? nil : try UpstreamOptions.trustedCA(ca) }
        if let pin { upstream.pinnedPublicKey = pin == "none" ? nil : try UpstreamOptions.pinned(pin) }
    }

    static func describe(_ upstream: Upstream, store: ReplicaStore) -> String {
        var shown = "\(store.replica): дээд төв (upstream) \(upstream.url.absoluteString)"
        if let path = upstream.caFile { shown += "; CA \(path)" }
        if upstream.pinnedPublicKey != nil { shown += "; түлхүүр бэхэлсэн (key pinned)" }
        if let proxy = upstream.proxy { shown += "; прокси (proxy) \(proxy)" }
        return shown
    }

    static func sync(_ words: [String]) async throws -> Int32 {
        guard let line = try syncSpec.parse(words) else { return ExitCode.success }
        let json = try line.flag(.json), interval = try line.value(interval)
        let store = try HubCommand.openStore(line)
        guard let upstream = try store.upstream() else {
            throw CommandFailure("no national hub set: 'halamj-hub upstream --url <national hub> --token-file <file>' first")
        }
        if upstream.insecureHTTP, HubAddress.transport(of: upstream.url) == .plainHTTP { Console.err(HubAddress.warning(upstream.url)) }
        let district = DistrictSync(store: store, client: SyncClient(store: store, upstream: upstream),
                                    silentAfterSeconds: try line.value(StatusCommand.silentAfter))
        guard try line.flag(watch) else { return try await round(district, json: json) }
        await RepeatedRounds.run(every: interval, until: TerminationSignal()) {
            do {
                _ = try await round(district, json: json)
            } catch where !Task.isCancelled {
                Console.report(error, tool: HubCommand.tool)
            } catch {}
        }
        return ExitCode.success
    }

    /// One round, its outcome printed: the offices the national hub refused, then the sync's line.
    static func round(_ district: DistrictSync, json: Bool) async throws -> Int32 {
        do {
            let report = try await district.round()
            if json {
                Console.out(try JSONOutput.string(report))
                return ExitCode.success
            }
            for refused in report.offices.refused {
                Console.err("\(refused.office): үндэсний төв хүлээж аваагүй (not taken by the national hub): \(refused.reason)")
            }
            Console.out("\(report.offices.accepted.count) алба (offices) → \(report.offices.hub); " + report.sync.summaryLine)
            return ExitCode.success
        } catch let error as SyncError where error.isTemporary {
            throw CommandFailure.unreachable(error.description)
        } catch let error as SyncError {
            throw CommandFailure(error.description)
        }
    }
}
