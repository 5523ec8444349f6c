import Foundation
import Testing
@testable import BrowserDriver
#if canImport(Glibc)
import Glibc
#endif

/// The site the browser tests drive: a form that posts back, a result page echoing the
/// posted name, a session cookie set on the first page, and a tall page for screenshots.
func makeTestSite() throws -> TestHTTPServer {
    try TestHTTPServer { request in
        switch (request.method, request.path) {
        case ("GET", "/"):
            return .html("""
                <!doctype html><html><head><meta charset="utf-8"><title>Form</title></head>
                <body><h1 id="title">Нэвтрэх</h1>
                <form method="post" action="/submit">
                  <input id="name" name="name">
                  <button id="send" type="submit">Илгээх</button>
                </form>
                <a id="whoami" href="/whoami">Би хэн бэ?</a></body></html>
                """, headers: ["Set-Cookie: session=s3cr3t; Path=/; HttpOnly"])
        case ("POST", "/submit"):
            let name = decodeForm(request.bodyText)["name"] ?? ""
            return .html("""
                <!doctype html><html><head><meta charset="utf-8"><title>Result</title></head>
                <body><p id="greeting">Сайн байна уу, \(escapeHTML(name))!</p></body></html>
                """)
        case ("GET", "/whoami"):
            return .html("<!doctype html><meta charset=utf-8><p id=cookie>\(escapeHTML(request.headers["cookie"] ?? "none"))</p>")
        case ("GET", "/tall"):
            return .html("<!doctype html><body style='margin:0'><div style='height:3000px;background:linear-gradient(red,blue)'></div></body>")
        default:
            return .notFound
        }
    }
}

/// Reads the width and height from a PNG's IHDR chunk.
func pngSize(_ data: Data) -> (width: Int, height: Int)? {
    let bytes = [UInt8](data)
    guard bytes.count > 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) else { return nil }
    func bigEndian(_ offset: Int) -> Int {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
    }
    return (bigEndian(16), bigEndian(20))
}

/// Live (non-zombie) processes whose process group is `group`; Chromium's helpers
/// share its group. Orphaned zombies are left out: init reaps them, not us.
func liveProcesses(inGroup group: pid_t) -> [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> String? in
        guard Int(entry) != nil,
              let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // After "pid (comm)": state ppid pgrp ...
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 2, Int32(fields[2]) == group, fields[0] != "Z" else { return nil }
        return "\(entry) \(stat[..<close])) \(fields[0])"
    }
}

/// Live processes whose command line contains `text`, e.g. the profile path that
/// Chromium passes to every helper and to crashpad (which leaves the process group).
func liveProcesses(mentioning text: String) -> [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.filter { entry in
        guard Int(entry) != nil,
              let cmdline = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return false }
        return String(decoding: cmdline, as: UTF8.self).contains(text)
    }
}

/// Runs `body` with a fresh browser and test site, always closing and stopping both.
func withBrowserAndSite(
    _ options: Browser.Options = Browser.Options(),
    _ body: (Browser, TestHTTPServer) throws -> Void
) throws {
    let site = try makeTestSite()
    defer { site.stop() }
    let browser = try Browser.launch(options)
    defer { browser.close() }
    try body(browser, site)
}

// Serialized: each test runs a real Chromium and the machine has two cores.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct BrowserTests {
    @Test func navigate_loadsThePage_andReportsItsURL() throws {
        try withBrowserAndSite { browser, site in
            let page = try browser.newPage()
            try page.navigate(to: site.baseURL + "/")
            #expect(try page.text(selector: "#title") == "Нэвтрэх")
            #expect(try page.url == site.baseURL + "/")
            #expect(try page.html().contains("<form method=\"post\" action=\"/submit\">"))
        }
    }

    @Test func navigations_inQuickSuccession_eachWaitForTheirOwnLoad() throws {
        try withBrowserAndSite { browser, site in
            let page = try browser.newPage()
            for round in 0..<5 {
                try page.navigate(to: site.baseURL + "/")
                #expect(try page.exists(selector: "#send"), "round \(round)")
                try page.clickAndWaitForNavigation(selector: "#whoami")
                #expect(try page.text(selector: "#cookie") == "session=s3cr3t", "round \(round)")
                try page.navigate(to: "about:blank")
                #expect(try page.url == "about:blank", "round \(round)")
            }
        }
    }

    @Test func aBrowserThatDies_failsCommandsAtOnce() throws {
        let browser = try Browser.launch()
        defer { browser.close() }
        let page = try browser.newPage()
        kill(browser.processID, SIGKILL)
        let started = Date()
        let error = #expect(throws: BrowserError.self) {
            // Bounded: the first call may still be written before EOF is seen.
            for _ in 0..<50 {
                try page.evaluate("1")
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        if case .browserExited = error {} else { Issue.record("expected browserExited, got \(String(describing: error))") }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func formPost_roundTripsCyrillic_andSendsTheCookieBack() throws {
        try withBrowserAndSite { browser, site in
            let page = try browser.newPage()
            try page.navigate(to: site.baseURL + "/")
            try page.fill(selector: "#name", value: "Батбаяр")
            try page.clickAndWaitForNavigation(selector: "#send")

            #expect(try page.text(selector: "#greeting") == "Сайн байна уу, Батбаяр!")
            #expect(try page.url == site.baseURL + "/submit")
            let post = try #require(site.requests.last { $0.method == "POST" })
            #expect(decodeForm(post.bodyText)["name"] == "Батбаяр")
            #expect(post.headers["cookie"] == "session=s3cr3t")

            // Same profile, so a second tab is "logged in" too.
            let other = try browser.newPage()
            try other.navigate(to: site.baseURL + "/whoami")
            #expect(try other.text(selector: "#cookie") == "session=s3cr3t")
        }
    }

    @Test func submit_acceptsTheFormItself() throws {
        try withBrowserAndSite { browser, site in
            let page = try browser.newPage()
            try page.navigate(to: site.baseURL + "/")
            try page.fill(selector: "#name", value: "Сүхбаатар & <b>")
            try page.submit("form")
            #expect(try page.text(selector: "#greeting") == "Сайн байна уу, Сүхбаатар & <b>!")
        }
    }

    @Test func evaluate_returnsValues_andThrowsJavaScriptExceptions() throws {
        try withBrowserAndSite { browser, _ in
            let page = try browser.newPage()
            #expect(try page.evaluate("1 + 2", as: Int.self) == 3)
            #expect(try page.evaluate("Promise.resolve('done')", as: String.self) == "done")
            #expect(try page.evaluate("undefined") == nil)
            #expect(try page.evaluate("({a: [1, 'б']})") as? [String: Any] != nil)

            let error = #expect(throws: BrowserError.self) {
                try page.evaluate("throw new Error('boom from the page')")
            }
            #expect(error.map { "\($0)" }?.contains("boom from the page") == true)
            #expect(throws: BrowserError.elementNotFound(selector: "#missing")) {
                try page.click(selector: "#missing")
            }
        }
    }

    @Test func commands_timeOut_andWaitForPolls() throws {
        try withBrowserAndSite { browser, _ in
            let page = try browser.newPage()
            #expect(throws: BrowserError.commandTimedOut(method: "Runtime.evaluate", seconds: 0.5)) {
                try page.evaluate("new Promise(() => {})", timeout: 0.5)
            }
            try page.evaluate("setTimeout(() => { window.ready = true }, 300)")
            try page.waitFor(jsCondition: "window.ready === true", timeout: 5)
            #expect(throws: BrowserError.self) {
                try page.waitFor(jsCondition: "window.never", timeout: 0.3)
            }
        }
    }

    @Test func navigate_toAClosedPort_fails() throws {
        try withBrowserAndSite { browser, _ in
            let page = try browser.newPage()
            let error = #expect(throws: BrowserError.self) {
                try page.navigate(to: "http://127.0.0.1:9/")
            }
            guard case .navigationFailed = error else {
                Issue.record("expected navigationFailed, got \(String(describing: error))")
                return
            }
        }
    }

    @Test func screenshot_isAPNGOfTheWindowOrTheWholePage() throws {
        try withBrowserAndSite { browser, site in
            let page = try browser.newPage()
            try page.navigate(to: site.baseURL + "/tall")

            let viewport = try page.screenshot()
            #expect(viewport.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            let viewportSize = try #require(pngSize(viewport))
            #expect(viewportSize.width == 1366)
            #expect(viewportSize.height == 768)

            let full = try #require(pngSize(try page.screenshot(fullPage: true)))
            #expect(full.width == 1366)
            #expect(full.height == 3000)

            try page.setViewport(width: 390, height: 844)
            #expect(try pngSize(page.screenshot())?.width == 390)
        }
    }

    @Test func language_setsNavigatorLanguage_andAcceptLanguage() throws {
        var options = Browser.Options()
        options.language = "mn-MN"
        try withBrowserAndSite(options) { browser, site in
            let page = try browser.newPage()
            try page.navigate(to: site.baseURL + "/whoami")
            #expect(try page.evaluate("navigator.language", as: String.self) == "mn-MN")
            #expect(site.requests.last?.headers["accept-language"]?.hasPrefix("mn-MN") == true)
        }
    }

    @Test func launch_failsClearly_andQuickly_withoutAWorkingChromium() throws {
        var missing = Browser.Options()
        missing.executablePath = "/nonexistent/chromium"
        #expect(throws: BrowserError.chromiumNotFound(searched: ["/nonexistent/chromium"])) {
            try Browser.launch(missing)
        }

        var exits = Browser.Options()
        exits.executablePath = "/bin/false"
        let started = Date()
        let error = #expect(throws: BrowserError.self) { try Browser.launch(exits) }
        #expect(error.map { "\($0)" }?.contains("--headless=new") == true)
        #expect(Date().timeIntervalSince(started) < 5, "EOF must fail the launch, not the startup timeout")
    }

    @Test func close_leavesNoChromiumProcess_andNoProfile() throws {
        let browser = try Browser.launch()
        let page = try browser.newPage()
        try page.navigate(to: "about:blank")
        let pid = browser.processID
        #expect(!liveProcesses(inGroup: pid).isEmpty)
        let profile = browser.userDataDirectory
        #expect(liveProcesses(mentioning: profile).count > 1, "helpers and crashpad name the profile")
        #expect(browser.isRunning)

        browser.close()

        #expect(!browser.isRunning)
        #expect(liveProcesses(inGroup: pid).isEmpty)
        #expect(liveProcesses(mentioning: profile).isEmpty)
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "Chromium itself must be reaped, not a zombie")
        #expect(!FileManager.default.fileExists(atPath: profile))
        #expect(throws: BrowserError.browserClosed) { try page.evaluate("1") }
        browser.close()  // Idempotent.
    }
}
