import Foundation
import HalamjCommandLine
import HalamjHTTP
import LocalNode
import NodeWeb
import WebAccess

/// `halamj-node serve [--listen 127.0.0.1:8471]`: the office's web app in a browser.
enum ServeCommand {
    static let listen = Option("--listen", "<host:port>", .listenAddress, default: "127.0.0.1:\(NodeWebServer.defaultPort)", help: """
        адрес (address to bind, loopback only; another address makes the app reachable
        from the network and is refused unless --allow-remote is given)
        """)
    static let allowRemote = Flag("--allow-remote", help: "сүлжээнд нээх (allow a non-loopback --listen address; the pages are plain HTTP)")
    static let logLevel = Option<LogLevel>.logLevel
    static let spec = CommandSpec(
        "halamj-node serve", """
            Вэб програм (web app): the social workers' pages in a browser on this PC, working
            on this office's database with or without a connection to the hub. Open the
            address it prints (http://127.0.0.1:\(NodeWebServer.defaultPort) by default) and log in with a user made
            by 'halamj-node user add <name>'. Stop with Ctrl-C.
            """,
        options: [listen, allowRemote, logLevel], database: NodeCommand.defaultDatabase)

    static func run(_ words: [String]) throws -> Int32 {
        guard let line = try spec.parse(words) else { return ExitCode.success }
        let address = try line.value(listen), allowRemote = try line.flag(allowRemote)
        let listen = "\(address.host):\(address.port)"
        guard address.isLoopback || allowRemote else {
            throw line.usageError("--listen \(listen) is not loopback: the pages would be open to the network over plain HTTP; add --allow-remote if that is meant")
        }
        let store = try CaseCommand.openBook(line).store
        let logger = Logger(label: "web", level: try line.value(logLevel))
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
