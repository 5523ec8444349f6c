import Foundation
import SyncModel

/// What an option's value must be, parsed in one place with one wording for its mistakes:
/// `--amount takes whole tögrög ≥ 0, not '12x'`.
public struct ValueKind<Value: Sendable>: Sendable {
    let parse: @Sendable (String) -> Value?
    /// The usage error's message for `text` given to `option` (e.g. `--amount`) shown as `placeholder`.
    let problem: @Sendable (_ option: String, _ placeholder: String, _ text: String) -> String

    /// `expected` completes "--option takes …", e.g. "a real date as YYYY-MM-DD".
    public init(_ expected: String, parse: @escaping @Sendable (String) -> Value?) {
        self.parse = parse
        self.problem = { option, _, text in "\(option) takes \(expected), not '\(text)'" }
    }

    /// For a value whose mistake reads better in words of its own.
    public init(problem: @escaping @Sendable (_ option: String, _ placeholder: String, _ text: String) -> String,
                parse: @escaping @Sendable (String) -> Value?) {
        self.parse = parse
        self.problem = problem
    }
}

extension ValueKind where Value == String {
    /// Any text, empty included (e.g. `--value ""` clears a field).
    public static var text: ValueKind { ValueKind("text") { $0 } }

    /// Text with something in it; blank reads as the option left out.
    public static var nonBlank: ValueKind {
        ValueKind(problem: { option, placeholder, _ in "missing \(option) \(placeholder)" }) {
            $0.allSatisfy(\.isWhitespace) ? nil : $0
        }
    }
}

extension ValueKind where Value == Int {
    /// Whole tögrög, thousands commas allowed: `150,000`.
    public static var amount: ValueKind {
        ValueKind("whole tögrög ≥ 0") { text in
            Int(text.replacingOccurrences(of: ",", with: "")).flatMap { $0 >= 0 ? $0 : nil }
        }
    }

    /// A whole number within `range`; `unit` names what it counts ("bytes").
    public static func integer(_ range: ClosedRange<Int>, of unit: String? = nil) -> ValueKind {
        let what = unit.map { "a whole number of \($0)" } ?? "a whole number"
        let bounds = range.upperBound == .max ? "≥ \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
        return ValueKind("\(what) \(bounds)") { Int($0).flatMap { range.contains($0) ? $0 : nil } }
    }

    /// A duration as seconds: `90s`, `30m`, `48h`, `2d`, or plain seconds, at least `minimum`.
    public static func duration(atLeast minimum: Int = 0) -> ValueKind {
        let floor = minimum > 0 ? " of at least \(minimum) s" : ""
        return ValueKind("a duration\(floor) like 90s, 30m, 48h, 2d or plain seconds") {
            DurationText.seconds($0).flatMap { $0 >= minimum ? $0 : nil }
        }
    }
}

extension ValueKind where Value == Int {
    /// A size in bytes: `2000000`, `500K`, `2M`, `1G` (units of 1,024).
    public static var byteSize: ValueKind {
        ValueKind("a size like 500K, 2M or plain bytes") { text in
            let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
            let upper = text.uppercased()
            var digits = upper
            var multiplier = 1
            if let last = upper.last, let unit = units[last] {
                multiplier = unit
                digits.removeLast()
            }
            guard let count = Int(digits), count >= 0 else { return nil }
            let (bytes, overflow) = count.multipliedReportingOverflow(by: multiplier)
            return overflow ? nil : bytes
        }
    }
}

extension ValueKind where Value == Double {
    /// A number above `minimum` (or at it, when `inclusive`); `unit` names what it counts.
    public static func number(above minimum: Double, inclusive: Bool = false, of unit: String) -> ValueKind {
        let bound = "\(inclusive ? "≥" : ">") \(minimum == minimum.rounded() ? String(Int(minimum)) : String(minimum))"
        return ValueKind("a number of \(unit) \(bound)") { text in
            Double(text).flatMap { $0.isFinite && (inclusive ? $0 >= minimum : $0 > minimum) ? $0 : nil }
        }
    }
}

extension ValueKind where Value == CivilDate {
    public static var date: ValueKind { ValueKind("a real date as YYYY-MM-DD") { CivilDate(iso: $0) } }
}

extension ValueKind where Value == [String] {
    /// Comma-separated words, each trimmed: `official_letter, governor_decree`.
    public static var list: ValueKind {
        ValueKind("a comma-separated list") { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    }
}

extension ValueKind where Value == OfficeTimeZone {
    public static var timeZone: ValueKind {
        ValueKind(problem: { _, _, text in
            "unknown time zone '\(text)'; one of: \(OfficeTimeZone.named.map(\.id).joined(separator: ", ")), or UTC+H[:MM]"
        }) { OfficeTimeZone($0) }
    }
}

extension ValueKind where Value == ListenAddress {
    public static var listenAddress: ValueKind { ValueKind("<host:port>, e.g. 127.0.0.1:8470") { ListenAddress($0) } }
}

extension ValueKind where Value: CaseIterable & CustomStringConvertible {
    /// One of `Value`'s cases by its name, any case: `debug, info, notice, warning or error`.
    public static var choice: ValueKind {
        let names = Value.allCases.map(\.description)
        let listed = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + names.last! : names.joined()
        return ValueKind(problem: { option, _, text in "\(option) takes \(listed), not '\(text)'" }) { text in
            Value.allCases.first { $0.description == text.lowercased() }
        }
    }
}
