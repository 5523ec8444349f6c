import SyncModel

/// Options and positionals that mean the same in every command that takes them, declared
/// once so their help reads the same everywhere.
extension Flag {
    public static let json = Flag("--json", help: "JSON гаралт (JSON instead of the table, for scripts)")
}

extension Option where Value == OfficeTimeZone {
    /// `--time-zone <zone>`: the zone an office (or a district hub) counts its days in;
    /// `defaulted` takes Asia/Ulaanbaatar when it is left out (as `init` does).
    public static func timeZone(defaulted: Bool) -> Option {
        Option("--time-zone", "<zone>", .timeZone, default: defaulted ? OfficeTimeZone.default.id : nil, help: """
            цагийн бүс (the office's time zone for dates and deadlines): Asia/Ulaanbaatar,
            Asia/Hovd (Bayan-Ölgii, Khovd, Uvs), or UTC+H
            """)
    }
}

extension Option where Value: CaseIterable & CustomStringConvertible {
    /// `--log-level <level>` of the programs that serve HTTP, for HalamjHTTP's `LogLevel`
    /// (not linked here, hence generic): its cases by name, `info` when left out.
    public static var logLevel: Option {
        Option("--log-level", "<level>", .choice, default: "info", help: """
            бүртгэл (what goes to stderr, systemd's journal under systemd): debug, info (a line
            per request), notice, warning or error (failures only)
            """)
    }
}

extension Option where Value == String {
    /// `--office <office-id>`: only this office's part of a district view.
    public static let office = Option("--office", "<office-id>", .text, help: "зөвхөн энэ алба (only this office)")
}

extension Option where Value == Int {
    /// `--limit <n>`: at most this many entries of a log, newest first.
    public static let limit = Option("--limit", "<n>", .integer(1...Int.max), default: "200", help: "хамгийн ихдээ (at most this many entries)")
}

extension Positional {
    public static let caseNumber = Positional("case-number")
    /// `case doc <case-number> <document> received|missing`
    public static let document = Positional("document")
    public static let documentState = Positional("received|missing")
}

extension ParsedCommandLine {
    /// Whether `case doc` marks the document received (`received`) or not (`missing`).
    public func documentReceived() throws -> Bool {
        let state = try positional(.documentState)
        guard state == "received" || state == "missing" else { throw usageError("the state is 'received' or 'missing', not '\(state)'") }
        return state == "received"
    }
}
