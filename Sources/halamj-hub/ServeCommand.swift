import Dispatch
import Foundation
import HalamjCommandLine
import HubServer
#if canImport(Glibc)
import Glibc
#endif

/// `halamj-hub serve [--db …] [--listen 127.0.0.1:8470]`: serves until SIGINT or SIGTERM.
enum ServeCommand {
    static let usage = Usage("halamj-hub serve", "[--listen <host:port>] [--max-body <bytes>] [--db <path>]")
    static let help = """
        Ажиллуулах: serve the offices over HTTP until stopped (Ctrl-C or SIGTERM).
        The first line printed is 'listening on http://HOST:PORT'.

        Usage: \(usage.line)

          --listen <host:port>  address to bind (default 127.0.0.1:8470; port 0 picks a free port).
                                In deployment keep it on loopback behind nginx for TLS.
          --max-body <bytes>    largest request body accepted (default 33554432)
          --db <path>           database file (default: $HALAMJ_DB, else halamj-hub.db)
        """

    static func run(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        let listen = try args.option("--listen") ?? "127.0.0.1:8470"
        let maxBody = try args.option("--max-body")
        try args.finish()
        var configuration = HubConfiguration()
        guard let colon = listen.lastIndex(of: ":"), let port = UInt16(listen[listen.index(after: colon)...]),
              !listen[..<colon].isEmpty else {
            throw args.usageError("--listen takes <host:port>, e.g. 127.0.0.1:8470")
        }
        configuration.host = String(listen[..<colon])
        configuration.port = port
        if let maxBody {
            guard let bytes = Int(maxBody), bytes >= 1024 else { throw args.usageError("--max-body takes a number of bytes ≥ 1024") }
            configuration.maxBodyBytes = bytes
        }
        let store = try HubCommand.openStore(db)
        let hub = Hub(store: store, configuration: configuration)
        let bound: UInt16
        do {
            bound = try hub.start()
        } catch {
            throw CommandFailure("cannot listen on \(listen): \(error)")
        }
        Console.out("listening on http://\(configuration.host):\(bound)")
        Console.err("\(store.replica): serving \(store.path); stop with Ctrl-C")
        waitForTermination()
        Console.err("stopping: finishing requests in flight")
        hub.stop()
        return ExitCode.success
    }

    /// Blocks until SIGINT or SIGTERM arrives.
    static func waitForTermination() {
        let stop = DispatchSemaphore(value: 0)
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            return source
        }
        stop.wait()
        sources.forEach { $0.cancel() }
    }
}
