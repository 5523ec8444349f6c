/// What the user typed, read by the declarations of a `CommandSpec`: every option's value
/// already parsed and checked, the positionals in order, nothing left over.
///
/// Reading something the spec does not declare throws `UndeclaredOption`: the help
/// would not show it, so it is the program's mistake, found by the first run that reads it.
public struct ParsedCommandLine: Sendable {
    public let spec: CommandSpec
    private let flags: Set<String>
    private let values: [String: any Sendable]
    private let positionals: [String: String]
    private let variadic: [String]

    init(spec: CommandSpec, flags: Set<String>, values: [String: any Sendable], positionals: [String: String], variadic: [String]) {
        self.spec = spec
        self.flags = flags
        self.values = values
        self.positionals = positionals
        self.variadic = variadic
    }

    /// Whether the flag was given.
    public func flag(_ flag: Flag) throws(UndeclaredOption) -> Bool {
        try check(flag.name, isFlag: true)
        return flags.contains(flag.name)
    }

    /// The option's value, its default when left out, or nil without one.
    public func optional<Value>(_ option: Option<Value>) throws(UndeclaredOption) -> Value? {
        try check(option.name, isFlag: false)
        return values[option.name] as? Value
    }

    /// The option's value or its default; a usage error `missing --x <v>` without either.
    public func value<Value>(_ option: Option<Value>) throws -> Value {
        guard let value = try optional(option) else { throw usageError(option.declaration.missingMessage) }
        return value
    }

    /// A declared positional's word; variadic ones through `remaining(_:)`.
    public func positional(_ positional: Positional) throws(UndeclaredOption) -> String {
        guard !positional.isVariadic, let word = positionals[positional.name] else {
            throw UndeclaredOption(command: spec.command, name: positional.signature)
        }
        return word
    }

    /// Every word the variadic positional took, possibly none.
    public func remaining(_ positional: Positional) throws(UndeclaredOption) -> [String] {
        guard positional.isVariadic, spec.positionals.contains(where: { $0.name == positional.name && $0.isVariadic }) else {
            throw UndeclaredOption(command: spec.command, name: positional.signature)
        }
        return variadic
    }

    /// `--db`, else `HALAMJ_DB`, else the spec's default database.
    public var databasePath: String {
        get throws(UndeclaredOption) {
            guard let defaultName = spec.defaultDatabase else {
                throw UndeclaredOption(command: spec.command, name: DatabaseOption.name)
            }
            return DatabaseLocation.resolve(option: values[DatabaseOption.name] as? String, defaultName: defaultName)
        }
    }

    /// A usage error with this command's usage line, for checks the command makes itself.
    public func usageError(_ message: String) -> UsageError {
        UsageError(message, usage: spec.usage)
    }

    private func check(_ name: String, isFlag: Bool) throws(UndeclaredOption) {
        guard spec.options.contains(where: { $0.name == name && ($0.placeholder == nil) == isFlag }) else {
            throw UndeclaredOption(command: spec.command, name: name)
        }
    }
}

/// A command read an option (or positional) its `CommandSpec` does not declare: a
/// mistake in the program, not in the command line, so it exits 1, not 64.
public struct UndeclaredOption: Error, Sendable, Equatable, CustomStringConvertible {
    public let command: String
    public let name: String

    public var description: String {
        "'\(command)' reads \(name) but does not declare it, so its help would not show it (a bug in the program)"
    }
}
