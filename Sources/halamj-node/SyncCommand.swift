import Foundation
import HalamjCommandLine
import HubClient
import LocalNode
import ReplicaStorage
import SyncModel

/// `halamj-node sync [--watch]`: push until nothing is dirty, then pull until the
/// hub has nothing more. Exit 0 when done, 75 when a later try may succeed
/// (`SyncError.isTemporary`), 1 when somebody must act.
enum SyncCommand {
    static let usage = Usage("halamj-node sync", "[--estimate] [--watch] [--interval <seconds>] [--batch-size <n>] [--retries <n>] [--json]")
    static let help = """
        Төвтэй солилцох: sync this office with its hub, one round (or forever with --watch).
        Every batch is saved as it arrives; an interrupted sync resumes where it stopped.
        Batches follow the link: a few seconds of transfer each, smaller on a slow or
        failing link, so a cut costs at most the batch in flight. On a terminal a line
        shows records and bytes sent and received, the rate and the time left.

        Usage: \(usage.line)

          --estimate            say what would go up (records, about how many bytes, how
                                long at 32 and 64 kbit/s) and send nothing
          --watch               keep syncing, one round every --interval seconds (stop with Ctrl-C)
          --interval <seconds>  time between rounds with --watch (default 60)
          --batch-size <n>      records per request at most (default \(SyncProtocol.defaultBatchSize), at most \(SyncProtocol.maximumBatchSize))
          --retries <n>         tries per request before the hub counts as unreachable (default 4)
          --json                the round's counts (records, batches, bytes on the wire, seconds)
                                or the estimate as JSON, no progress line
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
        let estimate = args.flag("--estimate")
        let json = args.flag("--json")
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
        if estimate && watch { throw args.usageError("--estimate sends nothing; it does not go with --watch") }
        let path = DatabaseLocation.resolve(option: db, defaultName: NodeCommand.defaultDatabase)
        let store = try NodeStore.open(path: path)
        guard let upstream = try store.upstream() else { throw CommandFailure(SyncError.noUpstream.description) }
        if upstream.insecureHTTP, HubAddress.transport(of: upstream.url) == .plainHTTP {
            Console.err(HubAddress.warning(upstream.url))  // once per run, also with --watch
        }
        if estimate {
            let counted = try store.estimatePush(batchSize: configuration.batchSize, compress: upstream.takesGzip)
            Console.out(json ? try JSONOutput.string(counted) : describe(counted))
            return ExitCode.success
        }
        var client = SyncClient(store: store, upstream: upstream, configuration: configuration)
        let progress = ProgressLine(enabled: !json && ProgressLine.standardErrorIsTerminal)
        client.onProgress = { report in progress.show(report.progressLine) }
        if !watch { return try await round(client, progress: progress, json: json) }
        await RepeatedRounds.run(every: interval, until: TerminationSignal()) { [client] in
            do {
                _ = try await round(client, progress: progress, json: json)
            } catch where !Task.isCancelled {
                Console.report(error, tool: NodeCommand.tool)
            } catch {}
        }
        return ExitCode.success
    }

    static func round(_ client: SyncClient, progress: ProgressLine, json: Bool) async throws -> Int32 {
        do {
            let report = try await client.syncRound()
            progress.clear()
            Console.out(json ? try JSONOutput.string(report) : report.summaryLine)
            return ExitCode.success
        } catch let error as SyncError where error.isTemporary {
            progress.clear()
            throw CommandFailure.unreachable(error.description)
        } catch let error as SyncError {
            progress.clear()
            throw CommandFailure(error.description)
        }
    }

    /// The estimate in words: what goes up, its size, and how long links take for it.
    static func describe(_ estimate: SyncEstimate) -> String {
        guard estimate.records > 0 else {
            return "Илгээх зүйл алга (nothing to push); the hub's changes come with the next sync."
        }
        var size = "~\(ByteText.bytes(estimate.bytes))"
        size += estimate.compressed
            ? " gzip (\(ByteText.bytes(estimate.uncompressedBytes)) шахаагүй, uncompressed)"
            : " (шахаагүй, uncompressed: the hub has not said it takes gzip yet)"
        var times = [32.0, 64.0].map { kbit in "\(estimate.timeText(atBitsPerSecond: kbit * 1_000)) at \(Int(kbit)) kbit/s" }
        if let last = estimate.atLastRate { times.append("\(last.time) at the last sync's \(last.rate)") }
        return LabelledList.render([
            ("Илгээх бичлэг (records to push)", "\(estimate.records) in \(estimate.requests)+ хүсэлт (requests)"),
            ("Хэмжээ (size up)", size),
            ("Хугацаа (time)", times.joined(separator: ", ")),
            ("Татах (to pull)", "тооцоогүй (not known until the hub sends it)"),
        ])
    }
}
