import HalamjCommandLine
import LocalNode
import WebAccess

/// Dispatches `halamj-node <command> …` to its command.
enum NodeCommand {
    static let tool = "halamj-node"
    static let defaultDatabase = "halamj-node.db"

    static var backups: BackupCommands { BackupCommands(tool: tool, role: .node, defaultDatabase: defaultDatabase, extraMigrations: NodeSchema.migrations) }

    /// The program's own help: every command from its spec.
    static var help: String {
        CommandIndex.help(
            tool: tool, title: "halamj-node — сумын халамжийн хэрэг, офлайн ажиллана (a soum office's welfare cases, offline first)",
            [.command(InitCommand.spec), .command(InitCommand.configSpec), .group(PersonCommand.group), .group(CaseCommand.group),
             .command(ServeCommand.spec), .group(UserCommand.group), .command(AccessLogCommand.spec), .command(SyncCommand.spec),
             .command(StatusCommand.spec), .command(ConflictsCommand.spec), .command(OverdueCommand.spec), .command(FsckCommand.spec),
             .command(backups.spec("backup")), .command(backups.spec("restore"))],
            footer: """
                Options for every command:
                  --db <path>   database file (default: $HALAMJ_DB, else \(defaultDatabase))
                  -h, --help    this help

                Exit status: 0 done, 1 failed, 64 wrong usage, 75 hub unreachable (nothing is lost).
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
        case "init":
            return try InitCommand.run(rest)
        case "case":
            return try CaseCommand.run(rest)
        case "sync":
            return try await SyncCommand.run(rest)
        case "status":
            return try StatusCommand.run(rest)
        case "conflicts":
            return try ConflictsCommand.run(rest)
        case "backup", "restore":
            return try backups.run(first, rest)
        case "config":
            return try InitCommand.config(rest)
        case "person":
            return try PersonCommand.run(rest)
        case "overdue":
            return try OverdueCommand.run(rest)
        case "serve":
            return try ServeCommand.run(rest)
        case "user":
            return try UserCommand.run(rest)
        case "access-log":
            return try AccessLogCommand.run(rest)
        case "fsck":
            return try await FsckCommand.run(rest)
        default:
            throw UsageError("unknown command '\(first)'", usage: Usage(tool, "<command> [options]"))
        }
    }
}
