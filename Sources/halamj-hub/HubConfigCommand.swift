import HalamjCommandLine
import SyncModel

/// `halamj-hub config [--time-zone <zone>]`: the hub's settings kept with its data.
enum HubConfigCommand {
    static let timeZone = Option.timeZone(defaulted: false)
    static let spec = CommandSpec(
        "halamj-hub config", "Тохиргоо (settings) of this hub, kept in its database.",
        options: [timeZone], database: HubCommand.defaultDatabase, notes: "With no option it shows them.")

    static func run(_ words: [String]) throws -> Int32 {
        guard let line = try spec.parse(words) else { return ExitCode.success }
        let store = try HubCommand.openStore(line)
        if let zone = try line.optional(timeZone) { try store.setTimeZone(zone) }
        Console.out("\(store.replica.rawValue): цагийн бүс (time zone) \(try store.timeZone())")
        return ExitCode.success
    }
}
