/// The help a `CommandSpec` prints for `-h`/`--help`: what it does, the usage line,
/// every option with its help lined up in one column, then the notes.
extension CommandSpec {
    /// Signatures longer than this stand on a line of their own, their help below.
    static let widestInlineSignature = 26

    public var help: String {
        let entries = helpEntries
        var sections = [description, "Usage: \(usage.line)"]
        if !entries.isEmpty { sections.append(Self.aligned(entries)) }
        if !notes.isEmpty { sections.append(notes) }
        return sections.joined(separator: "\n\n")
    }

    /// Positionals with help, then every option with its help and default.
    var helpEntries: [(signature: String, help: String)] {
        var entries: [(signature: String, help: String)] = positionals.filter { !$0.help.isEmpty }.map { ($0.signature, $0.help) }
        for option in options {
            var text = option.help
            if let shown = option.defaultText {
                text += text.isEmpty ? "(default \(shown))" : text.contains("\n") ? "\n(default \(shown))" : " (default \(shown))"
            }
            entries.append((option.signature, text))
        }
        return entries
    }

    static func aligned(_ entries: [(signature: String, help: String)]) -> String {
        let fitting = entries.map { DisplayWidth.of($0.signature) }.filter { $0 <= widestInlineSignature }
        let column = 2 + (fitting.max() ?? widestInlineSignature) + 2
        let indent = String(repeating: " ", count: column)
        var lines: [String] = []
        for entry in entries {
            let helpLines = entry.help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var head = "  " + entry.signature
            var rest = helpLines[...]
            if DisplayWidth.of(head) + 2 <= column {
                head += String(repeating: " ", count: column - DisplayWidth.of(head)) + (rest.popFirst() ?? "")
            }
            lines.append(head.trimmingTrailingSpaces())
            lines += rest.map { (indent + $0).trimmingTrailingSpaces() }
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
