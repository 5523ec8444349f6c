import LocalNode

/// A case's document checklist as a table: each document, received or missing.
public enum ChecklistOutput {
    public static func table(_ items: [ChecklistItem]) -> String {
        var table = Table(headers: ["№", "Баримт (document)", "Төлөв (state)", "id"], alignments: [.right, .left, .left, .left])
        for (index, item) in items.enumerated() {
            table.add([String(index + 1), item.mongolian, item.received ? "✓ ирсэн (received)" : "✗ дутуу (missing)", item.id])
        }
        let missing = items.filter { !$0.received }.count
        return table.render() + "\n" + (missing == 0
            ? "Бүрдэл бүрэн (complete): 'case submit' sends it"
            : "Дутуу (missing): \(missing) / \(items.count)")
    }
}
