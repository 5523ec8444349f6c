import Foundation
import HalamjCommandLine
import LocalNode
import SyncModel

/// `halamj-node sync [--watch]`: push until nothing is dirty, then pull until the
/// hub has nothing more. Exit 0 when done, 75 when a later try may succeed
/// (`SyncError.isTemporary`), 1 when somebody must act.
enum SyncCommand {
    static let usage = Usage("halamj-node sync", "[--watch] [--interval <seconds>] [--batch-size <n>] [--retries <n>]")
    static let help = """
        Төвтэй солилцох: sync this office with its hub, one round (or forever with --watch).
        Every batch is saved as it arrives; an interrupted sync resumes where it stopped.

        Usage: \(usage.line)

          --watch               keep syncing, one round every --interval seconds (stop with Ctrl-C)
          --interval <seconds>  time between rounds with --watch (default 60)
          --batch-size <n>      records per request (default \(SyncProtocol.defaultBatchSize), at most \(SyncProtocol.maximumBatchSize))
          --retries <n>         tries per request before the hub counts as unreachable (default 4)
          --db <path>           database file (default: $HALAMJ_DB, else halamj-node.db)

        Exit status: 0 everything pushed and pulled; 75 try again later: the hub cannot be
        reached, the link timed out or was cut, the hub was busy or failed (408, 429, 5xx), or
        the answer was not the hub's (HTML from a captive portal, broken or over 64 MiB);
        nothing is lost; 1 the hub refused (bad token, …) or answered with a redirect
        (never followed: set the new address with 'config --hub').
        """

    static func run(_ words: [String]) async throws -> Int32 {
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let watch = args.flag("--watch")
        let db = try args.option("--db")
        var configuration = SyncConfiguration()
        var interval = 60.0
        if let text = try args.option("--interval") {
            guard let value = Double(text), value > 0 else { throw args.usageError("--interval takes a number of seconds > 0") }
            interval = value
        }
        if let text = try args.option("--batch-size") {
            guard let value = Int(text), (1...SyncProtocol.maximumBatchSize).contains(value) else {
                throw args.usageError("--batch-size takes 1 to \(SyncProtocol.maximumBatchSize)")
            }
            configuration.batchSize = value
        }
        if let text = try args.option("--retries") {
            guard let value = Int(text), (1...20).contains(value) else { throw args.usageError("--retries takes 1 to 20") }
            configuration.maxAttempts = value
        }
        try args.finish()
        let path = DatabaseLocation.resolve(option: db, defaultName: NodeCommand.defaultDatabase)
        let store = try ReplicaStore.open(
            path: path, expectedRole: .node,
            missingHint: "run 'halamj-node init --office <office-id> --hub <url> --token-file <file>' first, or pass --db")
        guard let upstream = try store.upstream() else { throw CommandFailure(SyncError.noUpstream.description) }
        if upstream.insecureHTTP, HubAddress.transport(of: upstream.url) == .plainHTTP {
            Console.err(HubAddress.warning(upstream.url))  // once per run, also with --watch
        }
        let client = SyncClient(store: store, upstream: upstream, configuration: configuration)
        if !watch { return try await round(client) }
        while true {
            do {
                _ = try await round(client)
            } catch {
                Console.report(error, tool: NodeCommand.tool)
            }
            try await Task.sleep(nanoseconds: UInt64(interval * 1e9))
        }
    }

    static func round(_ client: SyncClient) async throws -> Int32 {
        do {
            let report = try await client.syncRound()
            var line = "илгээсэн (pushed) \(report.pushedRecords), татсан (pulled) \(report.pulledRecords)"
            line += ", өөрчлөгдсөн (changed here) \(report.changedLocally)"
            if report.refused > 0 { line += ", татгалзсан (refused) \(report.refused): see 'halamj-node status'" }
            Console.out(line)
            return ExitCode.success
        } catch let error as SyncError where error.isTemporary {
            throw CommandFailure.unreachable(error.description)
        } catch let error as SyncError {
            throw CommandFailure(error.description)
        }
    }
}
