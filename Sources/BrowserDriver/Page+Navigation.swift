import Dispatch
import Foundation

/// What an action that may navigate reported about the navigation it started.
enum NavigationStart {
    /// A new document is loading; `loaderId` identifies it when the starter knows it.
    case newDocument(loaderId: String?)
    /// Only the fragment changed: no new document, no load event.
    case sameDocument
}

extension Page {
    /// Navigates the tab and returns once the new document's load event fired.
    ///
    /// Throws ``BrowserError/navigationFailed(url:reason:)`` when Chromium cannot load it
    /// at all (refused connection, bad host); HTTP error pages load normally.
    public func navigate(to url: String, timeout: TimeInterval? = nil) throws(BrowserError) {
        try performNavigation(description: url, timeout: timeout) { () throws(BrowserError) in
            let reply = try send("Page.navigate", params: ["url": url])
            if let errorText = reply["errorText"] as? String, !errorText.isEmpty {
                throw .navigationFailed(url: url, reason: errorText)
            }
            guard let loaderId = reply["loaderId"] as? String else { return .sameDocument }
            return .newDocument(loaderId: loaderId)
        }
    }

    /// Reloads the current document and waits for its load event.
    public func reload(timeout: TimeInterval? = nil) throws(BrowserError) {
        try performNavigation(description: "reload", timeout: timeout) { () throws(BrowserError) in
            try send("Page.reload")
            return .newDocument(loaderId: nil)
        }
    }

    /// Runs `start`, which begins a main-frame navigation, then waits for that
    /// navigation's load event.
    ///
    /// The race this handles: the events may arrive before `start` even returns (so we
    /// subscribe first), and a load event of the *previous* document may still be in
    /// flight (so we only accept a `Page.loadEventFired` that follows the main frame's
    /// `Page.frameNavigated` for the new document, matched by loader id when known).
    func performNavigation(
        description: String,
        timeout: TimeInterval?,
        _ start: () throws(BrowserError) -> NavigationStart
    ) throws(BrowserError) {
        let seconds = timeout ?? browser.options.navigationTimeout
        let deadline = DispatchTime.now() + seconds
        let events = browser.pipe.subscribe(
            sessionId: sessionId, methods: ["Page.frameNavigated", "Page.loadEventFired"])
        defer { browser.pipe.unsubscribe(events) }

        guard case .newDocument(let loaderId) = try start() else { return }
        var committed = false
        while let event = try events.next(before: deadline) {
            switch event.method {
            case "Page.frameNavigated":
                let frame = event.params["frame"] as? [String: Any] ?? [:]
                let isMainFrame = frame["parentId"] == nil
                let isOurs = loaderId == nil || frame["loaderId"] as? String == loaderId
                if isMainFrame && isOurs { committed = true }
            case "Page.loadEventFired" where committed:
                return
            default:
                continue
            }
        }
        throw .navigationTimedOut(description, seconds: seconds)
    }
}
