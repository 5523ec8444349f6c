import Dispatch
import Foundation
import HalamjCommandLine
import HalamjHTTP
import HubServer
#if canImport(Glibc)
import Glibc
#endif

/// `halamj-hub serve [--db …] [--listen 127.0.0.1:8470]`: serves until SIGINT or SIGTERM.
enum ServeCommand {
    static let usage = Usage("halamj-hub serve", "[--listen <host:port>] [--silent-after <duration>] [--max-body <bytes>] [--body-budget <bytes>] [--min-progress <bytes>/<duration>] [--transfer-limit <duration>] [--log-level <level>] [--db <path>]")
    static let help = """
        Ажиллуулах: serve the offices over HTTP until stopped (Ctrl-C or SIGTERM).
        The first line printed is 'listening on http://HOST:PORT'.

        Usage: \(usage.line)

          --listen <host:port>  address to bind (default 127.0.0.1:8470; port 0 picks a free port).
                                In deployment keep it on loopback behind nginx for TLS.
          --silent-after <dur>  an office with no contact for this long shows as silent (default 48h)
          --max-body <bytes>    largest request body accepted (default 33554432)
          --body-budget <bytes> request-body bytes held at once over all connections; past it a
                                request is answered 503 with Retry-After unread (default 67108864)
          --min-progress <bytes>/<dur>
                                a request body, or an answer, must move at least this much in each
                                such window or the connection is cut (408 while receiving; default
                                1024/20s, some 51 B/s, so a 32 kbit/s link is never cut). The request
                                head has 15 s whatever this says.
          --transfer-limit <dur> the longest a body may take to arrive, or an answer to be taken,
                                however steadily it moves (default 30m)
          --rate-limit <n>      requests a second each office may make (default 50, bursts of 200; 0: off)
          --log-level <level>   what goes to stderr (systemd's journal): debug, info (default: a
                                line per request), notice, warning or error (failures only)
          --db <path>           database file (default: $HALAMJ_DB, else halamj-hub.db)
        """

    static func run(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        let listen = try args.option("--listen") ?? "127.0.0.1:8470"
        let maxBody = try args.option("--max-body")
        let bodyBudget = try args.option("--body-budget")
        let silentText = try args.option("--silent-after")
        let rateText = try args.option("--rate-limit")
        let progressText = try args.option("--min-progress")
        let limitText = try args.option("--transfer-limit")
        let levelText = try args.option("--log-level")
        try args.finish()
        var configuration = HubConfiguration()
        guard let level = LogLevel(levelText ?? "info") else {
            throw args.usageError("--log-level takes debug, info, notice, warning or error")
        }
        configuration.logger = Logger(label: "hub", level: level)
        if let silentText {
            guard let seconds = DurationText.seconds(silentText) else { throw args.usageError("--silent-after takes a duration like 48h, 90m, 2d") }
            configuration.silentAfterSeconds = seconds
        }
        guard let address = ListenAddress(listen) else {
            throw args.usageError("--listen takes <host:port>, e.g. 127.0.0.1:8470")
        }
        configuration.host = address.host
        configuration.port = address.port
        if let rateText {
            guard let rate = Double(rateText), rate >= 0 else { throw args.usageError("--rate-limit takes requests a second ≥ 0") }
            configuration.ratePerSecond = rate
        }
        if let maxBody {
            guard let bytes = Int(maxBody), bytes >= 1024 else { throw args.usageError("--max-body takes a number of bytes ≥ 1024") }
            configuration.maxBodyBytes = bytes
        }
        if let bodyBudget {
            guard let bytes = Int(bodyBudget), bytes >= 1024 else { throw args.usageError("--body-budget takes a number of bytes ≥ 1024") }
            configuration.bodyBudgetBytes = bytes
        }
        if let progressText {
            let parts = progressText.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let bytes = Int(parts[0]), bytes >= 1,
                  let window = DurationText.seconds(String(parts[1])), window >= 1 else {
                throw args.usageError("--min-progress takes <bytes>/<duration>, e.g. 1024/20s")
            }
            configuration.progress.minimumBytes = bytes
            configuration.progress.window = Double(window)
        }
        if let limitText {
            guard let seconds = DurationText.seconds(limitText), seconds >= 1 else {
                throw args.usageError("--transfer-limit takes a duration like 30m, 2h")
            }
            configuration.progress.limit = Double(seconds)
        }
        guard configuration.bodyBudgetBytes >= configuration.maxBodyBytes else {
            throw args.usageError("--body-budget (\(configuration.bodyBudgetBytes)) must be at least --max-body (\(configuration.maxBodyBytes)), or the largest body could never be read")
        }
        let store = try HubCommand.openStore(db)
        // Watch for the signals before saying we listen: whoever reads that line may
        // signal us at once, and a signal that arrives before the watch is lost.
        let termination = TerminationSignal()
        let hub = Hub(store: store, configuration: configuration)
        let bound: UInt16
        do {
            bound = try hub.start()
        } catch {
            throw CommandFailure("cannot listen on \(listen): \(error)")
        }
        Console.out("listening on http://\(configuration.host):\(bound)")
        Console.err("\(store.replica): serving \(store.path); stop with Ctrl-C")
        termination.wait()
        Console.err("stopping: finishing requests in flight")
        hub.stop()
        return ExitCode.success
    }
}
