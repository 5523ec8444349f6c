import HalamjCommandLine
import SyncModel

/// `halamj-hub config [--time-zone <zone>]`: the hub's settings kept with its data.
enum HubConfigCommand {
    static let usage = Usage("halamj-hub config", "[--time-zone <zone>] [--db <path>]")
    static let help = """
        Тохиргоо (settings) of this hub, kept in its database.

        Usage: \(usage.line)

        With no option it shows them.
        \(TimeZoneOption.help)
          --db <path>            database file (default: $HALAMJ_DB, else halamj-hub.db)
        """

    static func run(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let zone = try args.option(TimeZoneOption.name).map { try TimeZoneOption.parse($0, args) }
        let db = try args.option("--db")
        try args.finish()
        let store = try HubCommand.openStore(db)
        if let zone { try store.setTimeZone(zone) }
        Console.out("\(store.replica.rawValue): цагийн бүс (time zone) \(try store.timeZone())")
        return ExitCode.success
    }
}
