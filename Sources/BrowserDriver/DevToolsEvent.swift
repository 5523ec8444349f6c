import Foundation

/// A decoded JSON object from the pipe.
///
/// `@unchecked Sendable` because `[String: Any]` is not `Sendable` by type, yet what
/// `JSONSerialization` returns is immutable value data (strings, numbers, arrays,
/// dictionaries) that is never mutated after decoding; handing it from the reader thread
/// to the thread waiting on a reply is therefore safe.
struct JSONObject: @unchecked Sendable {
    let fields: [String: Any]
}

/// A DevTools event (a message with `method` and no `id`), e.g. `Page.loadEventFired`.
///
/// `sessionId` says which page it belongs to; browser-level events have none.
/// `@unchecked Sendable` for the same reason as ``JSONObject``.
public struct DevToolsEvent: @unchecked Sendable, CustomStringConvertible {
    public let method: String
    public let sessionId: String?
    public let params: [String: Any]

    public var description: String {
        "\(method)\(sessionId.map { " [\($0)]" } ?? "") \(params)"
    }
}

/// Reads a JSON number whatever Foundation boxed it as (`Int`, `Double`, `NSNumber`).
func jsonNumber(_ value: Any?) -> Double? {
    switch value {
    case let number as Double: return number
    case let number as Int: return Double(number)
    case let number as NSNumber: return number.doubleValue
    default: return nil
    }
}
