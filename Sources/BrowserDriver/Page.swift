import Foundation

/// One browser tab, addressed by its flattened DevTools session.
///
/// Holds its `Browser` strongly, so a page can outlive the variable the browser was
/// launched into. Methods block until done; see `Page+DOM.swift` for form helpers.
public final class Page: Sendable {
    public let browser: Browser
    /// DevTools target id of the tab.
    public let targetId: String
    /// Session id every command for this tab carries.
    public let sessionId: String

    init(browser: Browser, targetId: String, sessionId: String) {
        self.browser = browser
        self.targetId = targetId
        self.sessionId = sessionId
    }

    /// Sends a raw DevTools command to this tab and returns its `result`.
    @discardableResult
    public func send(
        _ method: String, params: [String: Any] = [:], timeout: TimeInterval? = nil
    ) throws(BrowserError) -> [String: Any] {
        try browser.send(method, params: params, sessionId: sessionId, timeout: timeout)
    }

    // MARK: - JavaScript

    /// Evaluates `javaScript` in the page and returns its value as JSON-like Swift values
    /// (`String`, numbers, `Bool`, arrays, dictionaries; `NSNull` for `null`; nil for
    /// `undefined`). Promises are awaited. A thrown exception becomes
    /// ``BrowserError/javaScriptException(_:)`` with the exception's message.
    @discardableResult
    public func evaluate(_ javaScript: String, timeout: TimeInterval? = nil) throws(BrowserError) -> Any? {
        let reply = try send("Runtime.evaluate", params: [
            "expression": javaScript,
            "returnByValue": true,
            "awaitPromise": true,
            // Lets helpers do what a user click may do (e.g. `requestSubmit`, focus).
            "userGesture": true,
        ], timeout: timeout)
        if let details = reply["exceptionDetails"] as? [String: Any] {
            throw .javaScriptException(Self.describe(details))
        }
        guard let result = reply["result"] as? [String: Any] else {
            throw .unexpectedReply(method: "Runtime.evaluate", detail: "no result in \(reply)")
        }
        if let value = result["value"] { return value }
        if let special = result["unserializableValue"] as? String {
            // NaN, Infinity, -Infinity, -0 and BigInts (`"12n"`) are not JSON.
            return Double(special) ?? special
        }
        return nil
    }

    /// Evaluates and casts, failing with the actual type if the value is not a `T`.
    public func evaluate<T>(_ javaScript: String, as _: T.Type,
                            timeout: TimeInterval? = nil) throws(BrowserError) -> T {
        let value = try evaluate(javaScript, timeout: timeout)
        guard let typed = value as? T else {
            throw .unexpectedValue(expected: "\(T.self)",
                                   got: value.map { "\(Swift.type(of: $0)) \($0)" } ?? "undefined")
        }
        return typed
    }

    /// `"Uncaught Error: boom"` plus where it was thrown, from Runtime's exceptionDetails.
    private static func describe(_ details: [String: Any]) -> String {
        let exception = details["exception"] as? [String: Any]
        var text = (exception?["description"] as? String)
            ?? (exception?["value"]).map { "Uncaught \($0)" }
            ?? (details["text"] as? String)
            ?? "unknown exception"
        if let line = jsonNumber(details["lineNumber"]), let column = jsonNumber(details["columnNumber"]) {
            text += " (line \(Int(line) + 1), column \(Int(column) + 1))"
        }
        return text
    }

    // MARK: - Page state

    /// The address of the current document.
    public var url: String {
        get throws(BrowserError) { try evaluate("location.href", as: String.self) }
    }

    /// The whole current document as HTML.
    public func html() throws(BrowserError) -> String {
        try evaluate("document.documentElement.outerHTML", as: String.self)
    }

    /// Sets the viewport (CSS pixels, device scale 1), e.g. to shoot a phone layout.
    /// `screen.width`/`height` follow, so scripts that read them agree with the layout.
    public func setViewport(width: Int, height: Int) throws(BrowserError) {
        try send("Emulation.setDeviceMetricsOverride", params: [
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false,
            "screenWidth": width, "screenHeight": height,
        ])
    }

    /// A PNG of the viewport, or with `fullPage` of the whole scrollable document.
    public func screenshot(fullPage: Bool = false) throws(BrowserError) -> Data {
        var params: [String: Any] = ["format": "png"]
        if fullPage {
            let metrics = try send("Page.getLayoutMetrics")
            let content = (metrics["cssContentSize"] ?? metrics["contentSize"]) as? [String: Any]
            let viewport = metrics["cssLayoutViewport"] as? [String: Any]
            // Never narrower or shorter than the viewport: a short page still fills it.
            let width = max(jsonNumber(content?["width"]) ?? 0, jsonNumber(viewport?["clientWidth"]) ?? 0)
            let height = max(jsonNumber(content?["height"]) ?? 0, jsonNumber(viewport?["clientHeight"]) ?? 0)
            guard width > 0, height > 0 else {
                throw .unexpectedReply(method: "Page.getLayoutMetrics", detail: "no content size in \(metrics)")
            }
            params["captureBeyondViewport"] = true
            params["clip"] = ["x": 0, "y": 0, "width": width.rounded(.up), "height": height.rounded(.up), "scale": 1]
        }
        let reply = try send("Page.captureScreenshot", params: params)
        guard let base64 = reply["data"] as? String, let png = Data(base64Encoded: base64) else {
            throw .unexpectedReply(method: "Page.captureScreenshot", detail: "no base64 data")
        }
        return png
    }

    /// Closes the tab. The browser and its other pages stay open.
    public func close() throws(BrowserError) {
        try browser.send("Target.closeTarget", params: ["targetId": targetId])
    }
}
