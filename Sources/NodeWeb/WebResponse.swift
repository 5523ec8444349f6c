import HalamjHTTP

/// The responses of the web app, each with the headers that keep a confidential page
/// out of caches, frames and other sites' reach.
enum WebResponse {
    static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-store"),
    ]

    static func html(_ page: String, status: Int = 200, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")] + securityHeaders + headers,
                     body: Array(page.utf8))
    }

    /// 303 See Other: after a form is saved the browser loads the result with GET, so a
    /// reload does not send the form again.
    static func redirect(_ location: String, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: 303, headers: [("Location", asciiOnly(location))] + securityHeaders + headers)
    }

    /// A header carries ASCII: the bytes of anything else (an РД in a path) percent-encoded.
    static func asciiOnly(_ location: String) -> String {
        FormData.percentEncoded(location) { $0 >= 0x80 || $0 <= 0x20 ? nil : String(UnicodeScalar($0)) }
    }

    /// The server's own JSON encoding (sorted keys), with this app's headers.
    static func json<T: Encodable>(_ value: T, status: Int = 200) -> HTTPResponse {
        var response = HTTPResponse.json(value, status: status)
        response.headers += securityHeaders
        return response
    }

    static func asset(_ text: String, contentType: String) -> HTTPResponse {
        HTTPResponse(status: 200, headers: [("Content-Type", contentType), ("Cache-Control", "max-age=3600"),
                                            ("X-Content-Type-Options", "nosniff")], body: Array(text.utf8))
    }

    /// A plain page for errors outside the app's frame (bad host, expired form…).
    static func problem(_ status: Int, _ mongolian: String, _ english: String, link: String = "/") -> HTTPResponse {
        html(Layout.frame(mongolian, body: """
            <main><div class="card"><h1>\(e(mongolian))</h1><p>\(e(english))</p><p><a href="\(e(link))">Буцах (back)</a></p></div></main>
            """), status: status)
    }

    static func sessionCookie(_ id: String) -> (String, String) {
        ("Set-Cookie", "\(NodeWebApp.cookieName)=\(id); Path=/; HttpOnly; SameSite=Strict")
    }

    static let clearedSessionCookie = ("Set-Cookie", "\(NodeWebApp.cookieName)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}
