/// The flag a hub writes on every case of a double application (issue 19): the same
/// register number applying for the same service at two or more offices, anywhere the
/// hub sees (the national hub: across districts). A hub-authority field, so it reaches
/// the district and the soum with the case and no office can clear it; its value names
/// the other cases, `4101-2026-000001 (soum-4101)`, comma-separated.
public enum DoubleApplication {
    public static let field = "double_application"
    public static let label = "Давхар өргөдөл (double application)"

    /// The flag's value on one case of a group: the other cases and their offices, by number.
    public static func value(others: [(number: String, office: String)]) -> String {
        others.sorted { $0.number < $1.number }.map { "\($0.number) (\($0.office))" }.joined(separator: ", ")
    }
}
