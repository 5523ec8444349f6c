/// A program's own help (`halamj-hub --help`): its title, then one line for each command
/// or group of commands, taken from their specs (the first line of each description), so
/// the list can never miss a command or show an option a command no longer takes; then
/// the footer. `'<tool> <command> --help'` gives a command's options.
public enum CommandIndex {
    public enum Entry: Sendable {
        case command(CommandSpec)
        case group(CommandGroup)
    }

    public static func help(tool: String, title: String, _ entries: [Entry], footer: String) -> String {
        let rows = entries.map { entry -> (String, String) in
            switch entry {
            case .command(let spec):
                return (words(spec.command, after: tool), summary(spec.description))
            case .group(let group):
                // A group that is also a command itself (`conflicts`, `conflicts resolve`).
                let alone = group.specs.contains { $0.command == group.command }
                let subs = group.names.joined(separator: "|")
                return ("\(words(group.command, after: tool)) \(alone ? "[\(subs)]" : subs)", summary(group.intro))
            }
        }
        let width = min(24, rows.map(\.0.count).max() ?? 0)
        let lines = rows.map { name, text in
            name.count > width
                ? "  \(name)\n  \(String(repeating: " ", count: width))  \(text)"
                : "  \(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(text)"
        }
        return """
            \(title)

            Usage: \(tool) <command> [options]

            Commands:
            \(lines.joined(separator: "\n"))

            '\(tool) <command> --help' shows a command's options, '\(tool) <group> --help' each of its commands'.

            \(footer)
            """
    }

    static func words(_ command: String, after tool: String) -> String {
        command.hasPrefix(tool + " ") ? String(command.dropFirst(tool.count + 1)) : command
    }

    /// What a command is, in its own words: its description up to the end of the first
    /// "Mongolian (English)" pair, or its first line when it has none there.
    static func summary(_ description: String) -> String {
        let first = String(description.split(separator: "\n", maxSplits: 1).first ?? "")
        guard let close = first.firstIndex(of: ")") else { return first }
        return String(first[...close])
    }
}
