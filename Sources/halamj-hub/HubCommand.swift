import HalamjCommandLine
import HubServer
import ReplicaStorage

/// Dispatches `halamj-hub <command> …` to its command.
enum HubCommand {
    static let tool = "halamj-hub"
    static let defaultDatabase = "halamj-hub.db"

    static let help = """
        halamj-hub — аймаг, дүүргийн халамжийн төв (a district hub of Halamj sync)

        Usage: halamj-hub <command> [options]

        Commands:
          init          Төв үүсгэх (create the hub's database) --id <hub-id> [--time-zone <zone>]
          config        Тохиргоо (the hub's settings: time zone) [--time-zone <zone>]
          office add    Алба бүртгэх (register an office; prints its token) <office-id>
          office list   Албад (offices and when each last synced) [--json]
          office rotate Шинэ токен (new token for an office; the old one stops working) <office-id>
          office revoke Токен цуцлах (refuse an office's token at once) <office-id>
          office reset  Тоолуур сэргээх (accept an office's own counter after a misused token) <office-id> --counter <n>
          serve         Ажиллуулах (serve the offices over HTTP) [--listen 127.0.0.1:8470] [--silent-after 48h]
          status        Албадын төлөв (every office's sync health, worst first) [--json] [--silent-after 48h]
          admin add     Админ нэмэх (administrator token for the dashboard) <name>
          admin list    Админууд (administrators: created, last used, revoked; never a token) [--json]
          admin rotate  Админы шинэ токен (new token; the old one stops working) <name>
          admin revoke  Админы токен цуцлах (refuse an administrator's token at once) <name>
          backup        Нөөцлөх (consistent copy, safe while serving) <file> [--force]
          restore       Сэргээх (put a backup in place; new replica id) <file> [--force]
          audit         Үйлдлийн бүртгэл (the audit log, read-only) [--json]
          case list     Хэргийн жагсаалт (list cases) [--office <office-id>] [--json]
          case show     Хэрэг харах (show a case) <case-number> [--json]
          case set      Талбар засах (edit fields at the hub) <case-number> <field>=<value>…
          case status   Төлөв өөрчлөх (move a case) <case-number> received|paid|placed|discharged|closed [--reason <id>]
          case place|handover|contract|transfer|discipline|leave|plan|pension
                        Асрамжийн дараах (life after placement) — 'halamj-hub case --help'
          case pay      Олголт бүртгэх (record a period paid) <case-number> --period <2026-11|2026-Q4|2026-H2|2026> [--amount <MNT>]
          case answer   Гомдлын хариу (answer a complaint) <case-number> --text "…"
          case reassign Өөр албанд шилжүүлэх (give a record to the right office) <case-number> --office <office-id>
          case purge    Төвөөс хасах (take out a record an office should never have had) <case-number>
          decide        Шийдвэр (record the decree) <case-number> --approve|--reject --decree <no> --date <YYYY-MM-DD> [--amount <MNT>]
          decisions     Шийдвэрүүд (decisions and when each reached its soum) [--office <id>] [--json]
          duplicates    Давхардсан өргөдөл (same РД, same service, two offices) [--json]
          overdue       Хугацаа хэтэрсэн (cases past a deadline) [--office <id>] [--json]
          report        Тайлан (the district report for a period, by office and service) [--from <date> --to <date>] [--csv | --json]
          review to-close  Хаах хэргүүд (benefits the facts have ended, still open) [--office <id>] [--json]
          review <decisions|duplicates|overdue|report|to-close>  the district's reviews, as above
          conflicts     Зөрчил (open conflicts, oldest first) [--office <office-id>] [--json]
          conflicts resolve  Зөрчил шийдэх (resolve) <conflict-id> --keep winner|other|<office-id> | --value <v>

        Options for every command:
          --db <path>   database file (default: $HALAMJ_DB, else \(defaultDatabase))
          -h, --help    this help; 'halamj-hub <command> --help' for one command
        """

    static func run(_ words: [String]) throws -> Int32 {
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
        case "serve": return try ServeCommand.run(rest)
        case "case": return try HubCaseCommand.run(rest)
        case "conflicts": return try ConflictsCommand.run(rest)
        case "status": return try StatusCommand.run(rest)
        case "admin": return try AdminCommand.run(rest)
        case "audit": return try AdminCommand.audit(rest)
        case "backup", "restore":
            return try BackupCommands(tool: tool, role: .hub, defaultDatabase: defaultDatabase,
                                      extraMigrations: HubSchema.migrations).run(first, rest)
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
