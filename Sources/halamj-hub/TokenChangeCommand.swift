import HalamjCommandLine
import HubServer
import ReplicaStorage
import SyncModel

/// `halamj-hub office|admin rotate|revoke <name>`: the same for both kinds of token
/// holder, each change in the audit log.
enum TokenChangeCommand {
    /// `command` is `office` or `admin`, `verb` is `rotate` or `revoke`, `what` names
    /// the positional in errors (`office-id`, `name`).
    static func run<Holders: TokenHolders>(
        _ holders: (ReplicaStore) -> Holders, command: String, verb: String, what: String, help: String,
        _ words: [String]
    ) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-hub \(command) \(verb)", "<\(what)> [--db <path>]"))
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        let name = try args.positional(what)
        try args.finish()
        let registry = holders(try HubCommand.openStore(db))
        if verb == "rotate" {
            Console.out(try registry.rotate(name, by: Actor.current, now: Clock.nowMillis()))
        } else {
            try registry.revoke(name, by: Actor.current, now: Clock.nowMillis())
            Console.out("\(name): токен цуцлагдлаа (token revoked); '\(command) rotate \(name)' issues a new one")
        }
        return ExitCode.success
    }
}
