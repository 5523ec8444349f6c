import HalamjCommandLine
import HubServer
import ReplicaStorage
import SyncModel

/// `halamj-hub office|admin rotate|revoke <name>`: the same for both kinds of token
/// holder, each change in the audit log.
enum TokenChangeCommand {
    /// `command` is `office` or `admin`, `verb` is `rotate` or `revoke`; `holder` names
    /// the positional (`office-id`, `name`).
    static func spec(_ command: String, _ verb: String, _ holder: Positional, _ description: String) -> CommandSpec {
        CommandSpec("halamj-hub \(command) \(verb)", description, positionals: [holder], database: HubCommand.defaultDatabase)
    }

    static func run<Holders: TokenHolders>(
        _ holders: (ReplicaStore) -> Holders, _ spec: CommandSpec, _ holder: Positional, _ words: [String]
    ) throws -> Int32 {
        guard let line = try spec.parse(words) else { return ExitCode.success }
        let name = try line.positional(holder)
        let registry = holders(try HubCommand.openStore(line))
        if spec.command.hasSuffix(" rotate") {
            Console.out(try registry.rotate(name, by: Actor.current, now: Clock.nowMillis()))
        } else {
            try registry.revoke(name, by: Actor.current, now: Clock.nowMillis())
            let group = spec.command.split(separator: " ").dropFirst().first ?? ""
            Console.out("\(name): токен цуцлагдлаа (token revoked); '\(group) rotate \(name)' issues a new one")
        }
        return ExitCode.success
    }
}
