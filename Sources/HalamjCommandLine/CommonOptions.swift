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

extension Option where Value == String {
    /// `--office <office-id>`: only this office's part of a district view.
    public static let office = Option("--office", "<office-id>", .text, help: "зөвхөн энэ алба (only this office)")
}

extension Positional {
    public static let caseNumber = Positional("case-number")
}
