import Foundation

/// The `--json` output of every command: pretty-printed with sorted keys, so output is
/// stable for diffs and tests, slashes left as they are (paths and URLs stay readable),
/// and non-ASCII text such as Mongolian Cyrillic written as UTF-8, never as `\u` escapes.
/// Dates are ISO 8601 rather than Foundation's default of seconds since 2001.
/// The result has no final newline (`Console.out` adds it).
public enum JSONOutput {
    /// Throws what `JSONEncoder` throws, e.g. for a NaN or infinite number.
    public static func string<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// For `JSONSerialization`-shaped values: dictionaries with `String` keys, arrays,
    /// strings, numbers, booleans and `NSNull`, formatted the same way.
    public static func string(jsonObject: Any) throws -> String {
        // JSONSerialization traps on values it cannot write instead of throwing; the
        // array wrapper lets a lone string or number pass the check, as JSONEncoder allows.
        guard JSONSerialization.isValidJSONObject([jsonObject]) else {
            throw EncodingError.invalidValue(jsonObject, EncodingError.Context(
                codingPath: [], debugDescription: "Not a JSON value: \(type(of: jsonObject))"))
        }
        let data = try JSONSerialization.data(
            withJSONObject: jsonObject,
            options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        return String(decoding: data, as: UTF8.self)
    }
}
