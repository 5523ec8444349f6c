import HalamjHTTP
import SyncModel

/// A scan sent to the browser to be read (issue 20): its own media type, shown in the
/// page rather than saved, never cached, never sniffed as anything else, never framed by
/// another page; an image is also sandboxed (no script of the app's origin). A PDF is not:
/// Chromium's viewer refuses a sandboxed document, and runs a PDF's own scripts apart
/// from the page's origin anyway.
public enum ScanResponse {
    public static func inline(_ scan: Scan, bytes: [UInt8]) -> HTTPResponse {
        let ascii = String(String.UnicodeScalarView(scan.name.unicodeScalars.map {
            $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? $0 : "_"
        }))
        let encoded = FormData.percentEncoded(scan.name) { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."): String(UnicodeScalar(byte))
            default: nil
            }
        }
        return HTTPResponse(status: 200, headers: [
            ("Content-Type", scan.kind.mediaType),
            ("Content-Disposition", "inline; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"),
            ("Cache-Control", "no-store, private"),
            ("X-Content-Type-Options", "nosniff"),
            ("Content-Security-Policy", scan.kind.isImage ? "sandbox; default-src 'none'; img-src 'self'; frame-ancestors 'none'" : "frame-ancestors 'none'"),
        ], body: bytes)
    }
}
