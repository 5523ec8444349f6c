import CaseBooks

/// A case's document checklist as a table: each document, received or missing.
public enum ChecklistOutput {
    public static func table(_ items: [ChecklistItem]) -> String {
        var table = Table(headers: ["№", "Баримт (document)", "Төлөв (state)", "id"], alignments: [.right, .left, .left, .left])
        for (index, item) in items.enumerated() {
            let state = item.received ? "✓ ирсэн (received)"
                : item.stage == .district ? "… аймаг, дүүрэг (district adds)" : "✗ дутуу (missing)"
            table.add([String(index + 1), shortened(item.mongolian), state, item.id])
        }
        let soum = items.filter { $0.stage == .soum }
        let missing = soum.filter { !$0.received }.count
        var text = table.render() + "\n" + (missing == 0
            ? "Сумын бүрдэл бүрэн (the soum's documents are complete): 'case submit' sends it"
            : "Дутуу (missing): \(missing) / \(soum.count)")
        let district = items.filter { $0.stage == .district }
        if !district.isEmpty {
            text += "\nАймаг, дүүрэг шийдвэртэй хамт бүрдүүлнэ (added by the aimag/district with its decision): "
                + district.map(\.id).joined(separator: ", ")
        }
        // Some names in the law run to a paragraph; the table must fit a 1366-px screen.
        return text
    }

    /// At most `limit` characters, cut at a word with "…"; 'case checklist --json' has the whole text.
    static func shortened(_ text: String, limit: Int = 60) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        let word = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return word + "…"
    }
}
