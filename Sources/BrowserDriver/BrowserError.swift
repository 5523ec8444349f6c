/// Everything that can go wrong while driving Chromium.
///
/// Each case carries what a test failure message needs to be actionable on its own:
/// the DevTools method, Chromium's own message, the selector, the JavaScript exception text.
public enum BrowserError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No Chromium binary was found; `searched` lists the paths that were tried.
    case chromiumNotFound(searched: [String])
    /// Chromium could not be started or never answered on the DevTools pipe.
    case launchFailed(String)
    /// A DevTools command got no reply in time.
    case commandTimedOut(method: String, seconds: Double)
    /// Chromium answered a command with an error object.
    case protocolError(method: String, code: Int, message: String)
    /// The browser process exited (or closed the pipe) while we were waiting on it.
    case browserExited(String)
    /// `close()` was already called.
    case browserClosed
    /// A navigation did not reach its load event in time.
    case navigationTimedOut(String, seconds: Double)
    /// Chromium refused a navigation, e.g. `net::ERR_CONNECTION_REFUSED`.
    case navigationFailed(url: String, reason: String)
    /// Evaluated JavaScript threw; the text is the exception's description.
    case javaScriptException(String)
    /// A helper's CSS selector matched nothing.
    case elementNotFound(selector: String)
    /// `waitFor(jsCondition:)` never became truthy.
    case conditionTimedOut(condition: String, seconds: Double)
    /// A reply did not have the shape this library expects.
    case unexpectedReply(method: String, detail: String)
    /// `evaluate(_:as:)` got a value of another type.
    case unexpectedValue(expected: String, got: String)

    public var description: String {
        switch self {
        case .chromiumNotFound(let searched):
            return "Chromium not found (tried: \(searched.joined(separator: ", "))); install chromium or set CHROMIUM"
        case .launchFailed(let why):
            return "Chromium failed to launch: \(why)"
        case .commandTimedOut(let method, let seconds):
            return "DevTools command \(method) got no reply within \(seconds) s"
        case .protocolError(let method, let code, let message):
            return "DevTools command \(method) failed (\(code)): \(message)"
        case .browserExited(let why):
            return "Chromium exited: \(why)"
        case .browserClosed:
            return "The browser was already closed"
        case .navigationTimedOut(let what, let seconds):
            return "Navigation (\(what)) did not fire its load event within \(seconds) s"
        case .navigationFailed(let url, let reason):
            return "Navigation to \(url) failed: \(reason)"
        case .javaScriptException(let text):
            return "JavaScript exception: \(text)"
        case .elementNotFound(let selector):
            return "No element matches selector \(selector)"
        case .conditionTimedOut(let condition, let seconds):
            return "Condition `\(condition)` was not true within \(seconds) s"
        case .unexpectedReply(let method, let detail):
            return "Unexpected reply to \(method): \(detail)"
        case .unexpectedValue(let expected, let got):
            return "Expected a JavaScript value of type \(expected), got \(got)"
        }
    }
}
