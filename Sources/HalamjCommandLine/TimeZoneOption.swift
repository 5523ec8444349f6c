import SyncModel

/// `--time-zone <zone>`: the zone an office (or a district hub) counts its days in.
public enum TimeZoneOption {
    public static let name = "--time-zone"

    /// The help line, the same for every command that takes it.
    public static let help = """
          --time-zone <zone>     the office's time zone for dates and deadlines: Asia/Ulaanbaatar
                                 (default), Asia/Hovd (Bayan-Ölgii, Khovd, Uvs), or UTC+H
        """

    /// The zone named by `text`, or a usage error listing the ones to choose from.
    public static func parse(_ text: String, _ args: Arguments) throws -> OfficeTimeZone {
        guard let zone = OfficeTimeZone(text) else {
            throw args.usageError("unknown time zone '\(text)'; one of: \(OfficeTimeZone.named.map(\.id).joined(separator: ", ")), or UTC+H[:MM]")
        }
        return zone
    }
}
