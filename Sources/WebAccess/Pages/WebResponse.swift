import Foundation
import HalamjHTTP

/// The responses of the web apps (the soum's and the district's desk), each with the
/// headers that keep a confidential page out of caches, frames and other sites' reach.
public enum WebResponse {
    public static let securityHeaders: [(String, String)] = [
        // blob: images: a photo the worker chose, read by the page to reduce it (`ScanReduction`).
        ("Content-Security-Policy", "default-src 'self'; img-src 'self' blob:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-store"),
    ]

    public static func html(_ page: String, status: Int = 200, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")] + securityHeaders + headers,
                     body: Array(page.utf8))
    }

    /// 303 See Other: after a form is saved the browser loads the result with GET, so a
    /// reload does not send the form again.
    public static func redirect(_ location: String, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: 303, headers: [("Location", asciiOnly(location))] + securityHeaders + headers)
    }

    /// A header carries ASCII: the bytes of anything else (an РД in a path) percent-encoded.
    public static func asciiOnly(_ location: String) -> String {
        FormData.percentEncoded(location) { $0 >= 0x80 || $0 <= 0x20 ? nil : String(UnicodeScalar($0)) }
    }

    /// The server's own JSON encoding (sorted keys), with this app's headers.
    public static func json<T: Encodable>(_ value: T, status: Int = 200) -> HTTPResponse {
        var response = HTTPResponse.json(value, status: status)
        response.headers += securityHeaders
        return response
    }

    public static func asset(_ text: String, contentType: String) -> HTTPResponse {
        HTTPResponse(status: 200, headers: [("Content-Type", contentType), ("Cache-Control", "max-age=3600"),
                                            ("X-Content-Type-Options", "nosniff")], body: Array(text.utf8))
    }

    /// A plain page for errors outside the app's frame (bad host, expired form…); `root`
    /// is where the app's paths start ("" for the soum's app, "/desk" at the hub).
    public static func problem(_ status: Int, _ mongolian: String, _ english: String, link: String? = nil, root: String = "") -> HTTPResponse {
        html(PageFrame.page(mongolian, body: """
            <main><div class="card"><h1>\(e(mongolian))</h1><p>\(e(english))</p><p><a href="\(e(link ?? root + "/"))">Буцах (back)</a></p></div></main>
            """, root: root), status: status)
    }

    /// The session cookie `name`, for the app's paths under `root` only.
    public static func sessionCookie(_ name: String, _ id: String, root: String = "") -> (String, String) {
        ("Set-Cookie", "\(name)=\(id); Path=\(root.isEmpty ? "/" : root); HttpOnly; SameSite=Strict")
    }

    public static func clearedSessionCookie(_ name: String, root: String = "") -> (String, String) {
        ("Set-Cookie", "\(name)=; Path=\(root.isEmpty ? "/" : root); HttpOnly; SameSite=Strict; Max-Age=0")
    }

    /// The value of cookie `name` in the request, if sent.
    public static func cookie(_ name: String, in request: HTTPRequest) -> String? {
        for header in request.headers.values("Cookie") {
            for part in header.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces)
                if pair.hasPrefix(name + "=") { return String(pair.dropFirst(name.count + 1)) }
            }
        }
        return nil
    }
}
