/// Reading a command line by its spec, the same steps for every command.
extension CommandSpec {
    /// The words after the command's own, read by the declarations; nil when `-h` or
    /// `--help` came before any `--`, in which case the help is already printed.
    ///
    /// ```swift
    /// guard let line = try spec.parse(words) else { return ExitCode.success }
    /// ```
    ///
    /// Every mistake is a `UsageError` with this command's usage line, thrown before the
    /// command does anything: a missing or repeated value, an unknown option, a word left
    /// over (`Arguments.finish()`), a required option left out or blank, a value of the wrong kind.
    public func parse(_ words: [String]) throws(UsageError) -> ParsedCommandLine? {
        var args = Arguments(words, usage: usage)
        if args.wantsHelp {
            Console.out(help)
            return nil
        }
        var flags: Set<String> = []
        var given: [(OptionDeclaration, String)] = []
        for option in options {
            if option.placeholder == nil {
                if args.flag(option.name) { flags.insert(option.name) }
            } else if let text = try args.option(option.name, placeholder: option.placeholder) {
                given.append((option, text))
            }
        }
        var words: [String: String] = [:]
        var variadic: [String] = []
        for positional in positionals {
            if positional.isVariadic {
                variadic = args.remainingPositionals()
            } else {
                words[positional.name] = try args.positional(positional.name)
            }
        }
        try args.finish()
        var values: [String: any Sendable] = [:]
        for option in options where option.placeholder != nil {
            guard let text = given.first(where: { $0.0.name == option.name })?.1 else {
                if option.isRequired { throw args.usageError(option.missingMessage) }
                if let shown = option.defaultText {
                    guard let value = option.convert(shown) else {
                        preconditionFailure("\(command): the default of \(option.name), '\(shown)', is not a value it takes")
                    }
                    values[option.name] = value
                }
                continue
            }
            if option.isRequired && text.allSatisfy(\.isWhitespace) { throw args.usageError(option.missingMessage) }
            guard let value = option.convert(text) else { throw args.usageError(option.problem(text)) }
            values[option.name] = value
        }
        return ParsedCommandLine(spec: self, flags: flags, values: values, positionals: words, variadic: variadic)
    }
}
