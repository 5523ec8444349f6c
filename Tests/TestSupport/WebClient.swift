import Foundation
import HalamjHTTP
import WebAccess

/// One browser's worth of cookies.
public final class WebClient {
    public struct Page: Sendable {
        public let status: Int
        public let headers: HTTPHeaders
        public let text: String
        public var location: String? { headers["Location"] }
        /// The CSRF token of the page's first form.
        public var csrf: String? {
            guard let range = text.range(of: #"name="_csrf" value="([0-9a-f]+)""#, options: .regularExpression) else { return nil }
            return String(text[range].split(separator: "\"")[3])
        }
    }

    public let port: UInt16
    public var cookies: [String: String] = [:]
    public var host: String

    public init(port: UInt16) {
        self.port = port
        host = "127.0.0.1:\(port)"
    }

    public func get(_ target: String) throws -> Page {
        try send("GET", target, body: nil)
    }

    public func post(_ target: String, _ fields: [(String, String)], extraHeaders: [(String, String)] = []) throws -> Page {
        try send("POST", target, body: FormData.encode(fields), extraHeaders: extraHeaders)
    }

    /// Follows 303s with GET, at most five.
    public func follow(_ page: Page) throws -> Page {
        var page = page
        for _ in 0..<5 {
            guard page.status == 303, let location = page.location else { return page }
            page = try get(String(location.split(separator: "#", maxSplits: 1)[0]))  // as browsers do: the fragment stays local
        }
        return page
    }

    public func send(_ method: String, _ target: String, body: String?, extraHeaders: [(String, String)] = []) throws -> Page {
        let client = try TestHTTPClient(port: port)
        // As a browser sends it: bytes outside ASCII percent-encoded, the rest as written.
        let encodedTarget = target.utf8.map { $0 >= 0x80 || $0 == 0x20 ? String(format: "%%%02X", $0) : String(UnicodeScalar($0)) }.joined()
        var head = "\(method) \(encodedTarget) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n"
        if !cookies.isEmpty {
            head += "Cookie: " + cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") + "\r\n"
        }
        for (name, value) in extraHeaders { head += "\(name): \(value)\r\n" }
        let bytes = Array((body ?? "").utf8)
        if body != nil {
            head += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(bytes.count)\r\n"
        }
        try client.send(Array((head + "\r\n").utf8) + bytes)
        guard let response = try client.readResponse(timeout: .seconds(10)) else { throw TestTimeout() }
        for value in response.headers.values("Set-Cookie") {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { cookies[pair[0]] = pair[1].isEmpty ? nil : pair[1] }
        }
        return Page(status: response.status, headers: response.headers, text: response.text)
    }

    /// Logs in through the form of the app whose paths start at `root` ("" for the soum's
    /// app, "/desk" at the hub); returns the page after the redirect.
    @discardableResult
    public func logIn(_ name: String, _ password: String, root: String = "") throws -> Page {
        let form = try get(root + "/login")
        let answer = try post(root + "/login", [("_csrf", form.csrf ?? ""), ("next", root + "/"), ("name", name), ("password", password)])
        return try follow(answer)
    }
}
