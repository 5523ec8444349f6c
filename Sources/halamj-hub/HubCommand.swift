import HalamjCommandLine
import HubServer
import ReplicaStorage

/// Dispatches `halamj-hub <command> …` to its command.
enum HubCommand {
    static let tool = "halamj-hub"
    static let defaultDatabase = "halamj-hub.db"

    static var backups: BackupCommands { BackupCommands(tool: tool, role: .hub, defaultDatabase: defaultDatabase, extraMigrations: HubSchema.migrations) }

    /// The program's own help: every command from its spec.
    static var help: String {
        CommandIndex.help(
            tool: tool, title: "halamj-hub — аймаг, дүүргийн халамжийн төв (a district hub of Halamj sync, or the national hub above them)",
            [.command(HubInitCommand.spec), .command(HubConfigCommand.spec), .group(OfficeCommand.group), .command(ServeCommand.spec),
             .command(StatusCommand.spec), .command(FsckCommand.spec), .command(UpstreamCommand.upstreamSpec), .command(UpstreamCommand.syncSpec),
             .group(DistrictCommand.group), .group(AdminCommand.group), .command(AdminCommand.auditSpec), .group(DeskUserCommand.group),
             .command(backups.spec("backup")), .command(backups.spec("restore")), .group(HubCaseCommand.group),
             .command(DecideCommand.spec), .command(ReviewCommands.decisionsSpec), .command(ReviewCommands.duplicatesSpec),
             .command(ReviewCommands.overdueSpec), .command(ReviewCommands.reportSpec), .command(ReviewCommands.toCloseSpec),
             .group(ConflictsCommand.group)],
            footer: """
                'review <decisions|duplicates|overdue|report|to-close>' names the same reviews.

                Options for every command:
                  --db <path>   database file (default: $HALAMJ_DB, else \(defaultDatabase))
                  -h, --help    this help

                Exit status: 0 done, 1 failed, 64 wrong usage.
                """)
    }

    static func run(_ words: [String]) async throws -> Int32 {
        guard let first = words.first else {
            Console.out(help)
            return ExitCode.usage
        }
        let rest = Array(words.dropFirst())
        switch first {
        case "-h", "--help", "help":
            Console.out(help)
            return ExitCode.success
        case "init": return try HubInitCommand.run(rest)
        case "config": return try HubConfigCommand.run(rest)
        case "office": return try OfficeCommand.run(rest)
        case "serve": return try await ServeCommand.run(rest)
        case "upstream": return try UpstreamCommand.upstream(rest)
        case "sync": return try await UpstreamCommand.sync(rest)
        case "district": return try DistrictCommand.run(rest)
        case "case": return try HubCaseCommand.run(rest)
        case "conflicts": return try ConflictsCommand.run(rest)
        case "status": return try StatusCommand.run(rest)
        case "fsck": return try FsckCommand.run(rest)
        case "admin": return try AdminCommand.run(rest)
        case "user": return try DeskUserCommand.run(rest)
        case "audit": return try AdminCommand.audit(rest)
        case "backup", "restore":
            return try backups.run(first, rest)
        case "decide": return try DecideCommand.run(rest)
        case "decisions": return try ReviewCommands.decisions(rest)
        case "duplicates": return try ReviewCommands.duplicates(rest)
        case "overdue": return try ReviewCommands.overdue(rest)
        case "report": return try ReviewCommands.report(rest)
        case "review": return try ReviewCommands.review(rest)
        default:
            throw UsageError("unknown command '\(first)'", usage: Usage(tool, "<command> [options]"))
        }
    }

    /// The hub's store at the command line's `--db` (the spec must take `database: HubCommand.defaultDatabase`).
    static func openStore(_ line: ParsedCommandLine) throws -> ReplicaStore {
        try Hub.open(path: line.databasePath)
    }
}
