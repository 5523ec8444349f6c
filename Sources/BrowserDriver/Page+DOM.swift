import Foundation

/// Form and element helpers, written as small JavaScript snippets run by `evaluate`.
///
/// They act through the DOM (`el.click()`, setting `.value`) rather than synthesised
/// mouse and key events: that is deterministic, needs no layout or scrolling, and is what
/// the app's own forms respond to. Each throws ``BrowserError/elementNotFound(selector:)``
/// when the selector matches nothing, instead of failing later with a vaguer error.
extension Page {
    /// Sets an input's, textarea's or select's value and fires `input` and `change`,
    /// so listeners (validation, frameworks) see it as typed.
    public func fill(selector: String, value: String) throws(BrowserError) {
        try onElement(selector, """
            const proto = Object.getPrototypeOf(el);
            const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
            // The prototype's setter, not `el.value =`, so framework-wrapped inputs notice.
            if (setter) { setter.call(el, \(javaScriptLiteral(value))); } else { el.value = \(javaScriptLiteral(value)); }
            el.dispatchEvent(new Event('input', { bubbles: true }));
            el.dispatchEvent(new Event('change', { bubbles: true }));
            return true;
            """)
    }

    /// Clicks an element. Does not wait for anything it may cause; use
    /// ``clickAndWaitForNavigation(selector:timeout:)`` when it submits or follows a link.
    public func click(selector: String) throws(BrowserError) {
        try onElement(selector, "el.click(); return true;")
    }

    /// Clicks something that loads a new document (a submit button, a link) and returns
    /// once that document's load event fired.
    public func clickAndWaitForNavigation(selector: String, timeout: TimeInterval? = nil) throws(BrowserError) {
        try performNavigation(description: "click \(selector)", timeout: timeout) { () throws(BrowserError) in
            try click(selector: selector)
            return .newDocument(loaderId: nil)
        }
    }

    /// Submits a form: `selector` may name the form itself, a submit button (which is
    /// clicked, so its name/value and `formaction` count), or any field inside the form.
    /// Runs the form's validation and submit handlers like a user would (`requestSubmit`).
    /// Waits for the resulting page unless `waitForNavigation` is false (for forms a
    /// script handles without leaving the page).
    public func submit(_ selector: String, waitForNavigation: Bool = true,
                       timeout: TimeInterval? = nil) throws(BrowserError) {
        let script = """
            const isButton = (el instanceof HTMLButtonElement || el instanceof HTMLInputElement)
                && el.type === 'submit';
            if (isButton) { el.click(); return true; }
            const form = el instanceof HTMLFormElement ? el : (el.form ?? el.closest('form'));
            if (!form) { throw new Error('Not inside a form: ' + \(javaScriptLiteral(selector))); }
            form.requestSubmit();
            return true;
            """
        guard waitForNavigation else {
            try onElement(selector, script)
            return
        }
        try performNavigation(description: "submit \(selector)", timeout: timeout) { () throws(BrowserError) in
            try onElement(selector, script)
            return .newDocument(loaderId: nil)
        }
    }

    /// The element's rendered text (`innerText`).
    public func text(selector: String) throws(BrowserError) -> String {
        let value = try onElement(selector, "return el.innerText;")
        guard let text = value as? String else {
            throw .unexpectedValue(expected: "String", got: "\(value.map { "\($0)" } ?? "undefined")")
        }
        return text
    }

    /// Whether any element matches the selector right now.
    public func exists(selector: String) throws(BrowserError) -> Bool {
        try evaluate("document.querySelector(\(javaScriptLiteral(selector))) !== null", as: Bool.self)
    }

    /// Polls `jsCondition` every `pollInterval` until it is truthy or `timeout` passes.
    ///
    /// Errors from DevTools itself (typically "Execution context was destroyed" while a
    /// navigation swaps the document) count as "not yet"; an exception thrown by the
    /// condition is a bug in the condition and is thrown at once.
    public func waitFor(jsCondition: String, timeout: TimeInterval = 10,
                        pollInterval: TimeInterval = 0.1) throws(BrowserError) {
        let deadline = Date().addingTimeInterval(timeout)
        let maximumPolls = Int((timeout / max(pollInterval, 0.01)).rounded(.up)) + 1
        for _ in 0..<maximumPolls {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { break }
            do {
                let truthy = try evaluate("Boolean(\(jsCondition))",
                                          timeout: min(remaining, browser.options.commandTimeout))
                if truthy as? Bool == true { return }
            } catch .protocolError {
                // Document being replaced; try again on the next poll.
            }
            Thread.sleep(forTimeInterval: min(pollInterval, max(deadline.timeIntervalSinceNow, 0)))
        }
        throw .conditionTimedOut(condition: jsCondition, seconds: timeout)
    }

    /// Runs `body` (a function body using `el`) on the first match of `selector`.
    @discardableResult
    private func onElement(_ selector: String, _ body: String) throws(BrowserError) -> Any? {
        let result = try evaluate("""
            (() => {
              const el = document.querySelector(\(javaScriptLiteral(selector)));
              if (el === null) { return { found: false }; }
              return { found: true, value: ((el) => { \(body) })(el) };
            })()
            """)
        guard let object = result as? [String: Any], object["found"] as? Bool == true else {
            throw .elementNotFound(selector: selector)
        }
        return object["value"]
    }
}

/// `string` as a JavaScript string literal (JSON strings are valid JS literals), so
/// selectors and values with quotes, backslashes or Cyrillic need no manual escaping.
func javaScriptLiteral(_ string: String) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: [string]),
          let array = String(data: data, encoding: .utf8) else {
        return "''"  // Unreachable: a [String] always serialises.
    }
    return String(array.dropFirst().dropLast())  // Strip the `[` `]`.
}
