import BrowserDriver
import Foundation

// halamj-screenshots: pictures of the soum web app's pages for people to look at,
// taken in headless Chromium at 1366x768 after logging in through the form.
// `bash scripts/web-screenshots.sh` runs it against the demo's soum node.

let usage = """
    Usage: halamj-screenshots --url <http://127.0.0.1:PORT> --user <name> --password-file <file> --out <folder> <name>=<path>…

    Logs in to the web app at --url, then saves <folder>/<name>.png for each page path
    (the first 768 px of the page, as a 1366x768 screen shows it; --full-page for all of it).
    A name ending in 'login' ('login', 'desk-login') is taken before logging in.
    """

func fail(_ message: String, status: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
    exit(status)
}

var url: String?
var user: String?
var passwordFile: String?
var out: String?
var fullPage = false
var shots: [(String, String)] = []
var words = Array(CommandLine.arguments.dropFirst())[...]
while let word = words.popFirst() {
    switch word {
    case "-h", "--help": print(usage); exit(0)
    case "--url": url = words.popFirst()
    case "--user": user = words.popFirst()
    case "--password-file": passwordFile = words.popFirst()
    case "--out": out = words.popFirst()
    case "--full-page": fullPage = true
    default:
        guard let equals = word.firstIndex(of: "="), word.hasPrefix("-") == false else { fail("unexpected '\(word)'\n\(usage)", status: 64) }
        shots.append((String(word[..<equals]), String(word[word.index(after: equals)...])))
    }
}
guard let url, let user, let passwordFile, let out, !shots.isEmpty else { fail("missing options\n\(usage)", status: 64) }
guard let password = try? String(contentsOfFile: passwordFile, encoding: .utf8).split(separator: "\n").first.map(String.init) else {
    fail("cannot read \(passwordFile)")
}
try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)

do {
    let browser = try Browser.launch()
    defer { browser.close() }
    let page = try browser.newPage()
    func shoot(_ name: String) throws {
        let path = "\(out)/\(name).png"
        try page.screenshot(fullPage: fullPage).write(to: URL(fileURLWithPath: path))
        print(path)
    }
    try page.navigate(to: url + "/login")
    let isLogin = { (name: String) in name.hasSuffix("login") }
    for (name, path) in shots where isLogin(name) {
        try page.navigate(to: url + path)
        try shoot(name)
    }
    try page.fill(selector: "#name", value: user)
    try page.fill(selector: "#password", value: password)
    try page.clickAndWaitForNavigation(selector: "#login")
    guard try !page.url.contains("/login") else { fail("the login was refused for user '\(user)'") }
    for (name, path) in shots where !isLogin(name) {
        try page.navigate(to: url + path)
        // Let the page's script finish its first check (the wizard's eligibility box).
        Thread.sleep(forTimeInterval: 0.3)
        try shoot(name)
    }
} catch {
    fail("\(error)")
}
