import Foundation
import HalamjCommandLine
import HalamjHTTP
import LocalNode
import NodeWeb

/// `halamj-node serve [--listen 127.0.0.1:8471]`: the office's web app in a browser.
enum ServeCommand {
    static let usage = Usage("halamj-node serve", "[--listen <host:port>] [--log-level <level>] [--db <path>]")
    static let help = """
        Вэб програм (web app): the social workers' pages in a browser on this PC, working
        on this office's database with or without a connection to the hub. Open the
        address it prints (http://127.0.0.1:8471 by default) and log in with a user made
        by 'halamj-node user add <name>'. Stop with Ctrl-C.

        Usage: \(usage.line)

          --listen <host:port>  address to bind (default 127.0.0.1:8471, loopback only;
                                another address makes the app reachable from the network
                                and is refused unless --allow-remote is given)
          --allow-remote        allow a non-loopback --listen address (the pages are plain HTTP)
          --log-level <level>   what goes to stderr: debug, info (default: a line per request),
                                notice, warning or error (failures only)
          --db <path>           database file (default: $HALAMJ_DB, else halamj-node.db)
        """

    static func run(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        let listen = try args.option("--listen") ?? "127.0.0.1:\(NodeWebServer.defaultPort)"
        let allowRemote = args.flag("--allow-remote")
        let levelText = try args.option("--log-level")
        try args.finish()
        guard let level = LogLevel(levelText ?? "info") else {
            throw args.usageError("--log-level takes debug, info, notice, warning or error")
        }
        guard let address = ListenAddress(listen) else { throw args.usageError("--listen takes <host:port>, e.g. 127.0.0.1:8471") }
        guard address.isLoopback || allowRemote else {
            throw args.usageError("--listen \(listen) is not loopback: the pages would be open to the network over plain HTTP; add --allow-remote if that is meant")
        }
        let store = try CaseCommand.openBook(db).store
        let logger = Logger(label: "web", level: level)
        let app = try NodeWebApp(store: store, checksHost: !allowRemote, logger: logger)
        let termination = TerminationSignal()
        let server = NodeWebServer(app: app, host: address.host, port: address.port, logger: logger)
        let bound: UInt16
        do {
            bound = try server.start()
        } catch {
            throw CommandFailure("cannot listen on \(listen): \(error)")
        }
        Console.out("listening on http://\(address.host):\(bound)")
        if try LocalUsers(store: store).list().isEmpty {
            Console.err("no user can log in yet: run 'halamj-node user add <name>' (in another terminal is fine)")
        }
        Console.err("\(store.replica): serving \(store.path); stop with Ctrl-C")
        termination.wait()
        Console.err("stopping: finishing requests in flight")
        server.stop()
        return ExitCode.success
    }
}
