import Dispatch
import Foundation
import HalamjCommandLine
import HalamjHTTP
import HubClient
import HubDesk
import HubServer
import HubUpstream
#if canImport(Glibc)
import Glibc
#endif

/// `halamj-hub serve [--db …] [--listen 127.0.0.1:8470]`: serves until SIGINT or SIGTERM.
enum ServeCommand {
    static let listen = Option("--listen", "<host:port>", .listenAddress, default: "127.0.0.1:8470", help: """
        адрес (address to bind; port 0 picks a free port).
        In deployment keep it on loopback behind nginx for TLS.
        """)
    static let maxBody = Option("--max-body", "<bytes>", .integer(1_024...Int.max, of: "bytes"),
                                default: "\(HubConfiguration().maxBodyBytes)", help: "хамгийн том хүсэлт (largest request body accepted)")
    static let bodyBudget = Option("--body-budget", "<bytes>", .integer(1_024...Int.max, of: "bytes"),
                                   default: "\(HubConfiguration().bodyBudgetBytes)", help: """
        нийт (request-body bytes held at once over all connections; past it a
        request is answered 503 with Retry-After unread)
        """)
    static let minProgress = Option("--min-progress", "<bytes>/<dur>", .progressRule, default: "\(HTTPProgressRule.defaultMinimumBytes)/\(Int(HTTPProgressRule.defaultWindow))s", help: """
        хамгийн бага хурд (a request body, or an answer, must move at least this much in each
        such window or the connection is cut: 408 while receiving; 1024/20s is some 51 B/s,
        so a 32 kbit/s link is never cut). The request head has 15 s whatever this says.
        """)
    static let transferLimit = Option("--transfer-limit", "<dur>", .duration(atLeast: 1), default: "\(Int(HTTPProgressRule.defaultLimit) / 60)m", help: """
        хамгийн урт (the longest a body may take to arrive, or an answer to be taken,
        however steadily it moves)
        """)
    static let rateLimit = Option("--rate-limit", "<n>", .number(above: 0, inclusive: true, of: "requests a second"),
                                  default: "\(Int(HubConfiguration().ratePerSecond))",
                                  help: "хүсэлт/сек (requests a second each office may make, bursts of \(Int(HubConfiguration().rateBurst)); 0: off)")
    static let trustedProxy = Option("--trusted-proxy", "<address,…>", .trustedProxies, help: """
        прокси (the proxies whose X-Forwarded-For names the client, e.g. 127.0.0.1 for
        nginx on this machine, or 10.0.0.0/8; comma-separated). From any other peer the
        header is ignored, so no client can claim another's address. Default: none
        """)
    static let upstreamEvery = Option("--upstream-every", "<duration>", .duration(atLeast: 1), default: "5m", help: """
        дээд төвтэй (with an upstream set ('halamj-hub upstream'): sync with the national hub
        this often while serving, e.g. 5m, 1h)
        """)
    static let logLevel = Option<LogLevel>.logLevel
    static let spec = CommandSpec(
        "halamj-hub serve", """
            Ажиллуулах (serve the offices over HTTP) until stopped (Ctrl-C or SIGTERM).
            The first line printed is 'listening on http://HOST:PORT'.
            """,
        options: [listen, StatusCommand.silentAfter, maxBody, bodyBudget, minProgress, transferLimit, rateLimit, trustedProxy, upstreamEvery, logLevel],
        database: HubCommand.defaultDatabase)

    static func run(_ words: [String]) async throws -> Int32 {
        guard let line = try spec.parse(words) else { return ExitCode.success }
        let address = try line.value(listen)
        var configuration = HubConfiguration()
        configuration.logger = Logger(label: "hub", level: try line.value(logLevel))
        configuration.silentAfterSeconds = try line.value(StatusCommand.silentAfter)
        configuration.host = address.host
        configuration.port = address.port
        configuration.ratePerSecond = try line.value(rateLimit)
        configuration.maxBodyBytes = try line.value(maxBody)
        configuration.bodyBudgetBytes = try line.value(bodyBudget)
        configuration.progress.minimumBytes = try line.value(minProgress).bytes
        configuration.progress.window = Double(try line.value(minProgress).window)
        configuration.progress.limit = Double(try line.value(transferLimit))
        if let proxies = try line.optional(trustedProxy) { configuration.trustedProxies = proxies }
        guard configuration.bodyBudgetBytes >= configuration.maxBodyBytes else {
            throw line.usageError("--body-budget (\(configuration.bodyBudgetBytes)) must be at least --max-body (\(configuration.maxBodyBytes)), or the largest body could never be read")
        }
        let listen = "\(address.host):\(address.port)"
        let store = try HubCommand.openStore(line)
        // Watch for the signals before saying we listen: whoever reads that line may
        // signal us at once, and a signal that arrives before the watch is lost.
        let termination = TerminationSignal()
        let desk = try DeskApp(store: store)
        configuration.desk = { desk.handle($0) }
        configuration.deskRoutePattern = DeskApp.routePattern
        let hub = Hub(store: store, configuration: configuration)
        let bound: UInt16
        do {
            bound = try hub.start()
        } catch {
            throw CommandFailure("cannot listen on \(listen): \(error)")
        }
        Console.out("listening on http://\(configuration.host):\(bound)")
        Console.err("\(store.replica): serving \(store.path); stop with Ctrl-C")
        if let upstream = try store.upstream() {
            // A district hub: it syncs with the national hub while it serves its soums.
            let district = DistrictSync(store: store, client: SyncClient(store: store, upstream: upstream),
                                        silentAfterSeconds: configuration.silentAfterSeconds)
            let every = Double(try line.value(upstreamEvery))
            Console.err("\(store.replica): syncing with \(upstream.url.absoluteString) every \(Int(every)) s")
            await RepeatedRounds.run(every: every, until: termination) {
                do {
                    let report = try await district.round()
                    for refused in report.offices.refused {
                        Console.err("\(refused.office): not taken by the national hub: \(refused.reason)")
                    }
                    Console.err("upstream: " + report.sync.summaryLine)
                } catch where !Task.isCancelled {
                    Console.report(error, tool: HubCommand.tool)
                } catch {}
            }
        } else {
            termination.wait()
        }
        Console.err("stopping: finishing requests in flight")
        hub.stop()
        return ExitCode.success
    }
}

/// `--min-progress <bytes>/<duration>`: at least so many bytes in each such window.
struct ProgressRuleText: Sendable {
    let bytes: Int
    let window: Int
}

extension ValueKind where Value == ProgressRuleText {
    static var progressRule: ValueKind {
        ValueKind("<bytes>/<duration>, e.g. 1024/20s (both ≥ 1)") { text in
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let bytes = Int(parts[0]), bytes >= 1,
                  let window = DurationText.seconds(String(parts[1])), window >= 1 else { return nil }
            return ProgressRuleText(bytes: bytes, window: window)
        }
    }
}

extension ValueKind where Value == TrustedProxies {
    /// `127.0.0.1,10.0.0.0/8`: IPv4 addresses and CIDR ranges, comma-separated.
    static var trustedProxies: ValueKind {
        ValueKind(problem: { option, _, text in
            do {
                _ = try TrustedProxies(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                return "\(option) takes IPv4 addresses or CIDR ranges, not '\(text)'"
            } catch {
                return "\(option): \(error)"
            }
        }) { text in
            try? TrustedProxies(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
    }
}
