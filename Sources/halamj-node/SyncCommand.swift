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
    static let estimate = Flag("--estimate", help: """
        тооцоо (say what would go up: records, about how many bytes, how
        long at 32 and 64 kbit/s; send nothing)
        """)
    static let watch = Flag("--watch", help: "тасралтгүй (keep syncing, one round every --interval seconds; stop with Ctrl-C)")
    static let interval = Option("--interval", "<seconds>", .number(above: 0, of: "seconds"), default: "60",
                                 help: "давтамж (time between rounds with --watch)")
    static let batchSize = Option("--batch-size", "<n>", .integer(1...SyncProtocol.maximumBatchSize),
                                  default: "\(SyncConfiguration().batchSize)", help: "багц (records per request, at most \(SyncProtocol.maximumBatchSize))")
    static let retries = Option("--retries", "<n>", .integer(1...20), default: "\(SyncConfiguration().maxAttempts)",
                                help: "оролдлого (tries per request before the hub counts as unreachable)")
    static let maxFileBytes = Option("--max-file-bytes", "<size>", .byteSize, help: """
        скан (the most bytes of scans this round sends, after the records: 500K, 2M; 0 sends
        none; by default every scan waiting goes up). A scan cut off resumes next round.
        """)
    static let json = Flag("--json", help: """
        JSON гаралт (the round's counts: records, batches, bytes on the wire, seconds;
        or the estimate as JSON, no progress line)
        """)
    static let spec = CommandSpec(
        "halamj-node sync", """
            Төвтэй солилцох (sync this office with its hub), one round (or forever with --watch).
            Every batch is saved as it arrives; an interrupted sync resumes where it stopped.
            Batches follow the link: a few seconds of transfer each, smaller on a slow or
            failing link, so a cut costs at most the batch in flight. Scans follow the records,
            in pieces that resume where a cut left them. On a terminal a line shows records
            and bytes sent and received, the rate and the time left.
            """,
        options: [estimate, watch, interval, batchSize, retries, maxFileBytes, json], database: NodeCommand.defaultDatabase, notes: """
            Exit status: 0 everything pushed and pulled; 75 try again later: the hub cannot be
            reached, the link timed out or was cut, the hub was busy or failed (408, 429, 5xx), or
            the answer was not the hub's (HTML from a captive portal, broken or over 64 MiB);
            nothing is lost; 1 the hub refused (bad token, …) or answered with a redirect
            (never followed: set the new address with 'config --hub').
            """)

    static func run(_ words: [String]) async throws -> Int32 {
        guard let line = try spec.parse(words) else { return ExitCode.success }
        let watch = try line.flag(watch), estimate = try line.flag(estimate), json = try line.flag(json)
        let interval = try line.value(interval)
        var configuration = SyncConfiguration()
        configuration.batchSize = try line.value(batchSize)
        configuration.maxAttempts = try line.value(retries)
        configuration.maxFileBytes = try line.optional(maxFileBytes)
        if estimate && watch { throw line.usageError("--estimate sends nothing; it does not go with --watch") }
        let store = try NodeStore.open(path: line.databasePath)
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
