import HalamjCommandLine
import LocalNode

/// Dispatches `halamj-node <command> …` to its command.
enum NodeCommand {
    static let tool = "halamj-node"
    static let defaultDatabase = "halamj-node.db"

    static let help = """
        halamj-node — сумын халамжийн хэрэг, офлайн ажиллана (a soum office's welfare cases, offline first)

        Usage: halamj-node <command> [options]

        Commands:
          init       Зангилаа үүсгэх (create this office's database)
                     --office <office-id> --hub <url> --token-file <file> [--insecure-http]
          config     Тохиргоо (change the hub address, token or time zone) [--hub <url>] [--token-file <file>] [--insecure-http] [--time-zone <zone>]
          person add   Иргэн бүртгэх (register an applicant) --rd <РД> --name "<нэр>"
          person list  Иргэд (applicants, in Mongolian order) [--json]
          case new   Шинэ хэрэг нээх (open a case): --service <id> --rd <РД> --name "<нэр>" [<field>=<value>…]
          case list  Хэргийн жагсаалт (list cases) [--json]
          case show  Хэрэг харах (show a case) <case-number> [--json]
          case checklist  Бүрдүүлэх баримт (documents of a case) <case-number>
          case doc   Баримт тэмдэглэх (mark a document) <case-number> <document> received|missing
          case submit  Илгээх (send to the district; needs every document) <case-number>
          case complaint  Гомдол (file a complaint about a decision) <case-number> --text "…"
          case set   Талбар засах (edit fields) <case-number> <field>=<value>…
          case delete  Хэрэг устгах (delete a case) <case-number>; case restore brings it back
          serve      Вэб програм (the web app for social workers) [--listen 127.0.0.1:8471]
          user add   Хэрэглэгч нэмэх (a web-app user) <name>; user list, user passwd, user disable
          access-log Хандалтын бүртгэл (who opened which care case file) [--case <number>] [--json]
          sync       Төвтэй солилцох (sync with the hub) [--watch]
          status     Төлөв (pending changes, last sync, hub) [--json]
          conflicts  Зөрчил (this office's conflicts, read-only) [--json]
          overdue    Хугацаа хэтэрсэн (cases past a deadline) [--json]
          backup     Нөөцлөх (consistent copy, safe while syncing) <file> [--force]
          restore    Сэргээх (put a backup in place; new replica id) <file> [--force]

        Options for every command:
          --db <path>   database file (default: $HALAMJ_DB, else \(defaultDatabase))
          -h, --help    this help; 'halamj-node <command> --help' for one command

        Exit status: 0 done, 1 failed, 64 wrong usage, 75 hub unreachable (nothing is lost).
        """

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
            return try BackupCommands(tool: tool, role: .node, defaultDatabase: defaultDatabase, extraMigrations: NodeSchema.migrations).run(first, rest)
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
        default:
            throw UsageError("unknown command '\(first)'", usage: Usage(tool, "<command> [options]"))
        }
    }
}
