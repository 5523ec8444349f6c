import SyncModel

/// A date from its ISO text, for tables.
func d(_ iso: String) -> CivilDate {
    guard let date = CivilDate(iso: iso) else { fatalError("bad date in a test table: \(iso)") }
    return date
}

/// Whether a reason is Mongolian first (starts with a Cyrillic letter or a digit or «)
/// and then English in parentheses.
func isBilingual(_ reason: String) -> Bool {
    guard let first = reason.unicodeScalars.first, reason.hasSuffix(")"), reason.contains(" (") else { return false }
    return (0x0400...0x04FF).contains(first.value) || first.value == 0xAB || ("0"..."9").contains(Character(first))
}
