/// The help of a command with subcommands (`halamj-hub admin --help`): its intro, then each
/// subcommand's usage line, description and options, all from their specs.
public enum CommandOverview {
    /// Options every subcommand explains the same way are listed once, at the end.
    static let sharedOptions: Set<String> = [DatabaseOption.name, Flag.json.name]

    public static func help(_ intro: String, _ specs: [CommandSpec], notes: String = "") -> String {
        let entries = specs.map { spec in
            var lines = ["  " + spec.usage.line] + spec.description.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }
            let own = spec.helpEntries.filter { !sharedOptions.contains($0.signature.split(separator: " ").first.map(String.init) ?? "") }
            if !own.isEmpty {
                lines += CommandSpec.aligned(own).split(separator: "\n").map { "    " + $0 }
            }
            return lines.joined(separator: "\n")
        }
        var sections = [intro, "Usage:\n" + entries.joined(separator: "\n")]
        var shared = Set(specs.flatMap { $0.options.map(\.name) }).intersection(sharedOptions)
        if let database = specs.compactMap(\.defaultDatabase).first {
            shared.remove(DatabaseOption.name)
            sections.append("Options: --db <path> (default: $\(DatabaseLocation.environmentVariable), else \(database))")
        }
        if shared.contains(Flag.json.name) { sections[sections.count - 1] += "\n  --json: \(Flag.json.help)" }
        if !notes.isEmpty { sections.append(notes) }
        return sections.joined(separator: "\n\n")
    }
}
