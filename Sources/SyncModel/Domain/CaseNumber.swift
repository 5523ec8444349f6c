/// Human case numbers, `4305-2026-000123`: the office's code, the year, and a
/// sequence kept by the office itself, so offices number cases without asking the hub.
public enum CaseNumber {
    /// The code of an office within case numbers: the part of its id after the first
    /// `-` (`soum-4305` -> `4305`), or the whole id when it has none.
    public static func officeCode(of office: String) -> String {
        guard let dash = office.firstIndex(of: "-") else { return office }
        let rest = office[office.index(after: dash)...]
        return rest.isEmpty ? office : String(rest)
    }

    public static func make(office: String, year: Int, sequence: Int) -> String {
        let digits = String(sequence)
        let padded = String(repeating: "0", count: max(0, 6 - digits.count)) + digits
        return "\(officeCode(of: office))-\(year)-\(padded)"
    }
}
