/// `label: value` lines with the values lined up in display columns, for one
/// thing shown in detail (a case, a status).
public enum LabelledList {
    public static func render(_ rows: [(label: String, value: String)]) -> String {
        let width = rows.map { DisplayWidth.of($0.label) }.max() ?? 0
        return rows.map { row in
            row.label + ":" + String(repeating: " ", count: width - DisplayWidth.of(row.label) + 2) + row.value
        }.joined(separator: "\n")
    }
}
