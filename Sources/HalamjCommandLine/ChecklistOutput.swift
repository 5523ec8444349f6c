import LocalNode

/// A case's document checklist as a table: each document, received or missing.
public enum ChecklistOutput {
    public static func table(_ items: [ChecklistItem]) -> String {
        var table = Table(headers: ["№", "Баримт (document)", "Төлөв (state)", "id"], alignments: [.right, .left, .left, .left])
        for (index, item) in items.enumerated() {
            table.add([String(index + 1), shortened(item.mongolian), item.received ? "✓ ирсэн (received)" : "✗ дутуу (missing)", item.id])
        }
        let missing = items.filter { !$0.received }.count
        // Some names in the law run to a paragraph; the table must fit a 1366-px screen.
        return table.render() + "\n" + (missing == 0
            ? "Бүрдэл бүрэн (complete): 'case submit' sends it"
            : "Дутуу (missing): \(missing) / \(items.count)")
    }

    /// At most `limit` characters, cut at a word with "…"; 'case checklist --json' has the whole text.
    static func shortened(_ text: String, limit: Int = 60) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        let word = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return word + "…"
    }
}
