/// One option or flag as `CommandSpec` keeps it, whatever the type of its value: what
/// help shows and how the runner reads it.
public struct OptionDeclaration: Sendable {
    /// `--amount`
    public let name: String
    /// `<MNT>`; nil for a flag.
    public let placeholder: String?
    /// Help text, Mongolian first; may span lines.
    public let help: String
    /// Shown in help as `(default …)`; for an option, parsed like a typed value.
    public let defaultText: String?
    public let isRequired: Bool
    /// Follows "missing --facility <name>" when a required option is left out or blank.
    public let missingHint: String?
    let convert: @Sendable (String) -> (any Sendable)?
    let problem: @Sendable (String) -> String

    /// `--amount <MNT>`, or `--json` for a flag.
    public var signature: String { placeholder.map { "\(name) \($0)" } ?? name }

    /// `missing --facility "<name>": the facility the person is placed at`
    public var missingMessage: String { "missing \(signature)" + (missingHint.map { ": \($0)" } ?? "") }
}

/// Anything a command declares among its options: a `Flag` or an `Option`.
public protocol CommandOption: Sendable {
    var declaration: OptionDeclaration { get }
}

/// `--json`: present or not.
public struct Flag: CommandOption {
    public let name: String
    public let help: String

    public init(_ name: String, help: String) {
        self.name = name
        self.help = help
    }

    public var declaration: OptionDeclaration {
        OptionDeclaration(name: name, placeholder: nil, help: help, defaultText: nil, isRequired: false, missingHint: nil,
                          convert: { _ in true }, problem: { _ in "" })
    }
}

/// `--amount <MNT>`: an option whose value is read as `Value` by its `ValueKind`.
public struct Option<Value: Sendable>: CommandOption {
    public let name: String
    public let placeholder: String
    public let help: String
    /// The value taken when the option is left out, as a user would type it; help shows it.
    public let defaultText: String?
    /// Required options are refused when missing, before the command runs, and the usage
    /// line shows them without brackets.
    public let isRequired: Bool
    public let missingHint: String?
    let kind: ValueKind<Value>

    /// A required option left out, or given blank, is refused before the command runs with
    /// `missing <name> <placeholder>`, then `missingHint` when there is one.
    public init(_ name: String, _ placeholder: String, _ kind: ValueKind<Value>, default defaultText: String? = nil,
                required: Bool = false, missingHint: String? = nil, help: String) {
        self.name = name
        self.placeholder = placeholder
        self.kind = kind
        self.defaultText = defaultText
        self.isRequired = required
        self.missingHint = missingHint
        self.help = help
    }

    /// The same option, refused when left out: for a command that cannot do without what
    /// another takes at will (`init --hub` and `config --hub`).
    public func required() -> Option {
        Option(name, placeholder, kind, default: defaultText, required: true, missingHint: missingHint, help: help)
    }

    public var declaration: OptionDeclaration {
        let kind = kind, name = name, placeholder = placeholder
        return OptionDeclaration(name: name, placeholder: placeholder, help: help, defaultText: defaultText,
                                 isRequired: isRequired, missingHint: missingHint, convert: { kind.parse($0) },
                                 problem: { kind.problem(name, placeholder, $0) })
    }
}

/// `<case-number>`, or, variadic, every word left (`<field>=<value>…`).
public struct Positional: Sendable {
    /// Named in "Missing expected argument '<name>'".
    public let name: String
    public let help: String
    public let isVariadic: Bool
    /// How usage and help show it: `<case-number>`, `<field>=<value>…`.
    public let signature: String

    public init(_ name: String, help: String = "") {
        self.name = name
        self.help = help
        self.isVariadic = false
        self.signature = "<\(name)>"
    }

    /// Every positional word left, e.g. `.variadic("changes", shown: "<field>=<value>…")`.
    public static func variadic(_ name: String, shown: String, help: String = "") -> Positional {
        Positional(name: name, help: help, isVariadic: true, signature: shown)
    }

    private init(name: String, help: String, isVariadic: Bool, signature: String) {
        self.name = name
        self.help = help
        self.isVariadic = isVariadic
        self.signature = signature
    }
}
