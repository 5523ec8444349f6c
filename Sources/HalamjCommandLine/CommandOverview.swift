/// The help of a command with subcommands (`halamj-hub admin --help`): its intro, then each
/// subcommand's usage line, description and options, all from their specs.
public enum CommandOverview {
    /// Options every subcommand explains the same way are listed once, at the end.
    static let sharedOptions: Set<String> = [DatabaseOption.name, Flag.json.name]

    public static func help(_ intro: String, _ specs: [CommandSpec], notes: String = "") -> String {
        var sections = [intro, "Usage:\n" + entries(specs)]
        var shared: [String] = []
        if let database = specs.compactMap(\.defaultDatabase).first {
            shared.append("Options: --db <path> (default: $\(DatabaseLocation.environmentVariable), else \(database))")
        }
        if specs.contains(where: { $0.declares(Flag.json.name) }) {
            shared.append((shared.isEmpty ? "Options: " : "  ") + "--json: \(Flag.json.help)")
        }
        if !shared.isEmpty { sections.append(shared.joined(separator: "\n")) }
        if !notes.isEmpty { sections.append(notes) }
        return sections.joined(separator: "\n\n")
    }

    /// Each spec's usage line, description and own options, one after another.
    public static func entries(_ specs: [CommandSpec]) -> String {
        specs.map { spec in
            var lines = ["  " + spec.usage.line] + spec.description.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }
            let own = spec.helpEntries.filter { !sharedOptions.contains($0.signature.split(separator: " ").first.map(String.init) ?? "") }
            if !own.isEmpty {
                lines += CommandSpec.aligned(own).split(separator: "\n").map { "    " + $0 }
            }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
