import CaseBooks

/// Cases past their deadline, as a table.
public enum OverdueOutput {
    public static func table(_ items: [OverdueCase]) -> String {
        var table = Table(headers: ["Хэрэг (case)", "Алба (office)", "Юу (what)", "Хугацаа (due)", "Хоцорсон (days late)"],
                          alignments: [.left, .left, .left, .left, .right])
        for item in items {
            table.add([
                item.number, item.office,
                item.kind.complaintLevel.map { "гомдлын хариу, \($0.rawValue)-р шат (complaint answer, level \($0.rawValue))" } ?? "шийдвэр (decision)",
                item.due.iso, String(item.daysLate),
            ])
        }
        return table.render()
    }
}
