/// A text table for terminals: a header row, a rule of `─` under each column, then the rows.
///
/// ```
/// Дугаар     Төлөв     Үйлчилгээ
/// ─────────  ────────  ─────────
/// 2026-0042  нээлттэй  газар
/// ```
///
/// Columns are separated by two spaces and sized in display columns (`DisplayWidth`),
/// so Mongolian Cyrillic, CJK and emoji line up. Lines carry no trailing spaces.
/// A table without rows still prints its header and rule, then `Table.emptyMarker`,
/// so that "nothing found" is visibly not a failure to print. Control characters in
/// cells (a newline in a note) are shown as spaces: they would break the grid.
/// For scripts, offer `--json` instead of parsing this.
public struct Table: Sendable {
    public enum Alignment: Sendable, Equatable {
        case left
        /// For numbers, so that digits of equal weight line up.
        case right
    }

    public static let emptyMarker = "(хоосон / empty)"

    public let headers: [String]
    public let alignments: [Alignment]
    public private(set) var rows: [[String]] = []

    /// `alignments`, if given, has one entry per header; by default every column is left-aligned.
    public init(headers: [String], alignments: [Alignment]? = nil) {
        precondition(alignments == nil || alignments?.count == headers.count,
                     "Table needs one alignment per header")
        self.headers = headers.map(Self.singleLine)
        self.alignments = alignments ?? Array(repeating: .left, count: headers.count)
    }

    /// Adds a row; a short row is padded with empty cells.
    public mutating func add(_ row: [String]) {
        precondition(row.count <= headers.count,
                     "Table row has \(row.count) cells but only \(headers.count) headers")
        rows.append(row.map(Self.singleLine) + Array(repeating: "", count: headers.count - row.count))
    }

    /// The lines joined by newlines, without a final newline (`Console.out` adds it).
    public func render() -> String {
        var widths = headers.map(DisplayWidth.of)
        for row in rows {
            for (column, cell) in row.enumerated() {
                widths[column] = max(widths[column], DisplayWidth.of(cell))
            }
        }
        var lines = [line(headers, widths: widths)]
        lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        lines += rows.map { line($0, widths: widths) }
        if rows.isEmpty {
            lines.append(Self.emptyMarker)
        }
        return lines.joined(separator: "\n")
    }

    private func line(_ cells: [String], widths: [Int]) -> String {
        var text = cells.enumerated().map { column, cell in
            let padding = String(repeating: " ", count: widths[column] - DisplayWidth.of(cell))
            return alignments[column] == .right ? padding + cell : cell + padding
        }.joined(separator: "  ")
        while text.last == " " {
            text.removeLast()
        }
        return text
    }

    private static func singleLine(_ cell: String) -> String {
        String(String.UnicodeScalarView(cell.unicodeScalars.map {
            $0.properties.generalCategory == .control ? " " : $0
        }))
    }
}
