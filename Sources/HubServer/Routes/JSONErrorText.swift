import Foundation

/// Turns a JSON decoding error into one line that says where the input was wrong.
enum JSONErrorText {
    static func describe(_ error: any Error, in data: Data) -> String {
        // JSONDecoder on Linux does not say where the syntax broke; JSONSerialization does.
        if case DecodingError.dataCorrupted(let context) = error, context.codingPath.isEmpty,
           context.underlyingError == nil {
            do {
                _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            } catch {
                if let position = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String {
                    return "not JSON: \(position)" + (position.contains("character") ? "" : " (at byte \(data.count))")
                }
            }
        }
        return describe(error)
    }

    static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "at the top level" : "at \(keys)"
        }
        switch decoding {
        case .dataCorrupted(let context):
            // JSONSerialization puts the position ("around line 1, column 7") here.
            let underlying = context.underlyingError.map {
                ($0 as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\($0)"
            }
            return "\(context.debugDescription) \(path(context))" + (underlying.map { " (\($0))" } ?? "")
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)' \(path(context))"
        case .typeMismatch(let type, let context):
            return "expected \(type) \(path(context))"
        case .valueNotFound(let type, let context):
            return "missing \(type) value \(path(context))"
        @unknown default:
            return "\(decoding)"
        }
    }
}
