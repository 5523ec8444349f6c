import HalamjCommandLine

/// `halamj-hub review <decisions|duplicates|overdue|report|to-close> …`: the district's
/// reviews under one word (each also stands alone, except to-close).
extension ReviewCommands {
    static let reviewUsage = Usage("halamj-hub review", "decisions|duplicates|overdue|report|to-close …")

    static func review(_ words: [String]) throws -> Int32 {
        guard let sub = words.first else { throw UsageError("missing review (decisions, duplicates, overdue, report, to-close)", usage: reviewUsage) }
        let rest = Array(words.dropFirst())
        switch sub {
        case "-h", "--help":
            Console.out("""
                Хяналт (the district's reviews):
                  halamj-hub review decisions   Шийдвэрүүд (decisions and their delivery)
                  halamj-hub review duplicates  Давхардсан өргөдөл (double applications)
                  halamj-hub review overdue     Хугацаа хэтэрсэн (past a deadline)
                  halamj-hub review report      Тайлан (the report for a period)
                  halamj-hub review to-close    Хаах хэргүүд (benefits ended, cases still open)
                'halamj-hub review <name> --help' for one.
                """)
            return ExitCode.success
        case "decisions": return try decisions(rest)
        case "duplicates": return try duplicates(rest)
        case "overdue": return try overdue(rest)
        case "report": return try report(rest)
        case "to-close": return try toClose(rest)
        default: throw UsageError("unknown review '\(sub)'", usage: reviewUsage)
        }
    }
}
