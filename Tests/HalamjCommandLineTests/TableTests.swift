import Testing
import HalamjCommandLine

@Suite("Table")
struct TableTests {
    /// The display column at which each cell of `line` starts, given the cells it contains.
    private func cellStarts(_ line: String, cells: [String]) -> [Int] {
        var starts: [Int] = []
        var rest = Substring(line)
        var consumed = 0
        for cell in cells where !cell.isEmpty {
            let range = rest.range(of: cell)!
            let before = DisplayWidth.of(String(rest[..<range.lowerBound]))
            starts.append(consumed + before)
            consumed += before + DisplayWidth.of(cell)
            rest = rest[range.upperBound...]
        }
        return starts
    }

    @Test("a table renders its header, a rule and rows padded in display columns")
    func cyrillicTable() {
        var table = Table(headers: ["Дугаар", "Төлөв", "Үйлчилгээ"])
        table.add(["2026-0042", "нээлттэй", "газар"])
        table.add(["2026-0043", "хаагдсан", "улсын бүртгэл"])
        #expect(table.render() == """
            Дугаар     Төлөв     Үйлчилгээ
            ─────────  ────────  ─────────────
            2026-0042  нээлттэй  газар
            2026-0043  хаагдсан  улсын бүртгэл
            """)
    }

    @Test("every cell of a column starts at the same display column, whatever the script")
    func columnsLineUp() {
        let rows = [
            ["2026-0042", "Бат-Эрдэнэ", "нээлттэй", "1"],
            ["7", "日本語 👨‍👩‍👧", "Ё\u{301}", "12345"],
            ["2026-0044", "Өлзий", "хаагдсан", "42"],
        ]
        var table = Table(headers: ["Дугаар", "Нэр", "Төлөв", "Тоо"])
        rows.forEach { table.add($0) }
        let lines = table.render().split(separator: "\n").map(String.init)
        let expected = cellStarts(lines[0], cells: ["Дугаар", "Нэр", "Төлөв", "Тоо"])
        #expect(expected == [0, 11, 23, 33])
        for (line, row) in zip(lines.dropFirst(2), rows) {
            #expect(cellStarts(line, cells: row) == expected)
        }
    }

    @Test("with a right-aligned last column every line has the same display width")
    func rightAlignedNumbers() {
        var table = Table(headers: ["Үйлчилгээ", "Тоо"], alignments: [.left, .right])
        table.add(["газар", "7"])
        table.add(["улсын бүртгэл", "1234"])
        table.add(["日本", "56"])
        let rendered = table.render()
        #expect(rendered == """
            Үйлчилгээ       Тоо
            ─────────────  ────
            газар             7
            улсын бүртгэл  1234
            日本             56
            """)
        let widths = Set(rendered.split(separator: "\n").map { DisplayWidth.of(String($0)) })
        #expect(widths == [19])
    }

    @Test("no line ends in spaces, even with empty trailing cells")
    func noTrailingSpaces() {
        var table = Table(headers: ["Дугаар", "Тэмдэглэл"])
        table.add(["2026-0042", ""])
        table.add(["2026-0043"])
        let lines = table.render().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.last != " " })
        #expect(lines[2] == "2026-0042")
        #expect(lines[3] == "2026-0043")
    }

    @Test("an empty table shows its header, its rule and the empty marker")
    func emptyTable() {
        let table = Table(headers: ["Дугаар", "Төлөв"])
        #expect(table.render() == """
            Дугаар  Төлөв
            ──────  ─────
            (хоосон / empty)
            """)
        #expect(Table.emptyMarker == "(хоосон / empty)")
    }

    @Test("a newline or tab inside a cell is shown as a space so the grid holds")
    func controlCharactersInCells() {
        var table = Table(headers: ["Тэмдэглэл", "Төлөв"])
        table.add(["мөр 1\nмөр 2\tтаб", "нээлттэй"])
        let lines = table.render().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(lines[2] == "мөр 1 мөр 2 таб  нээлттэй")
    }
}
