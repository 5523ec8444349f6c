import Foundation
import HalamjCommandLine
import ReplicaStorage
import HubClient
import LocalNode
import SyncModel

/// `halamj-node init --office <office-id> --hub <url> --token-file <file> [--db …]`
enum InitCommand {
    static let usage = Usage("halamj-node init", "--office <office-id> --hub <url> --token-file <file> [--time-zone <zone>] [--insecure-http] [--db <path>]")
    static let help = """
        Зангилаа үүсгэх: create this office's database, once per office PC.

        Usage: \(usage.line)

          --office <office-id>   this office's id at the hub, e.g. soum-4305
          --hub <url>            the district hub, e.g. https://hub43.example.mn
                                 (http:// only to this machine: 127.0.0.1, ::1, localhost)
          --token-file <file>    a file holding the token 'halamj-hub office add' printed
          --insecure-http        accept an http:// hub on another machine: the token and
                                 the cases then cross the network unencrypted (a warning
                                 is printed here and at every sync)
        \(TimeZoneOption.help)
          --db <path>            database file (default: $HALAMJ_DB, else halamj-node.db;
                                 made readable by its owner only: it holds the token)
        """

    static func run(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let office = try args.option("--office")
        let hub = try args.option("--hub")
        let tokenFile = try args.option("--token-file")
        let insecure = args.flag(HubAddress.insecureOption)
        let zone = try args.option(TimeZoneOption.name).map { try TimeZoneOption.parse($0, args) } ?? .default
        let db = DatabaseLocation.resolve(option: try args.option("--db"), defaultName: NodeCommand.defaultDatabase)
        try args.finish()
        guard let office else { throw args.usageError("missing --office <office-id>") }
        guard let hub else { throw args.usageError("missing --hub <url>") }
        guard let tokenFile else { throw args.usageError("missing --token-file <file>") }
        guard let replica = ReplicaID(office), !replica.isHub else {
            throw args.usageError("'\(office)' is not an office id: lower-case letters, digits, '-' and '_' (e.g. soum-4305); ids starting with 'hub-' are for hubs")
        }
        let url = try hubURL(hub, insecure: insecure, args)
        let token = try readToken(tokenFile)
        let store = try NodeStore.create(path: db, replica: replica, office: office)
        try store.setUpstream(Upstream(url: url, token: token, insecureHTTP: insecure))
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

    /// The hub's address, if the token may go there: https always, http only to this
    /// machine unless `insecure` (then with a warning on stderr).
    static func hubURL(_ text: String, insecure: Bool, _ args: Arguments) throws -> URL {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""),
              let transport = HubAddress.transport(of: url) else {
            throw args.usageError("'\(text)' is not an http:// or https:// address")
        }
        if transport == .plainHTTP {
            guard insecure else { throw CommandFailure(HubAddress.refusal(url)) }
            Console.err(HubAddress.warning(url))
        }
        return url
    }

    static let configUsage = Usage("halamj-node config", "[--hub <url>] [--token-file <file>] [--insecure-http] [--time-zone <zone>] [--db <path>]")

    /// `halamj-node config`: shows, or changes, the hub address and token of an
    /// existing node (a hub that moved, a rotated token) without touching its data.
    static func config(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: configUsage)
        if args.wantsHelp {
            Console.out("""
                Тохиргоо (settings): the hub's address and this office's token, kept with the data.

                Usage: \(configUsage.line)

                With no option it shows the hub's address and the time zone. An http:// hub on
                another machine needs \(HubAddress.insecureOption), as for 'init'; a new --hub without
                it drops that consent.
                \(TimeZoneOption.help)
                """)
            return ExitCode.success
        }
        let hub = try args.option("--hub")
        let tokenFile = try args.option("--token-file")
        let insecure = args.flag(HubAddress.insecureOption)
        let zone = try args.option(TimeZoneOption.name).map { try TimeZoneOption.parse($0, args) }
        let db = DatabaseLocation.resolve(option: try args.option("--db"), defaultName: NodeCommand.defaultDatabase)
        try args.finish()
        let store = try CaseCommand.openBook(db).store
        if let zone { try store.setTimeZone(zone) }
        guard var upstream = try store.upstream() else { throw CommandFailure(SyncError.noUpstream.description) }
        if hub != nil || insecure {
            upstream.url = try hubURL(hub ?? upstream.url.absoluteString, insecure: insecure, args)
            upstream.insecureHTTP = insecure
        }
        if let tokenFile { upstream.token = try readToken(tokenFile) }
        if hub != nil || tokenFile != nil || insecure { try store.setUpstream(upstream) }
        Console.out("\(store.office ?? store.replica.rawValue): төв (hub) \(upstream.url.absoluteString); цагийн бүс (time zone) \(try store.timeZone())")
        return ExitCode.success
    }
}
