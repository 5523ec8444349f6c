/// Parses request heads (RFC 9112) strictly: anything ambiguous is refused rather than guessed,
/// because a lenient parser behind a proxy is how request smuggling happens.
public enum HTTPRequestParser {
    public enum ParseResult: Sendable, Equatable {
        /// More bytes are needed.
        case incomplete
        /// A complete head occupying the first `headLength` bytes; the body (if any) follows.
        case head(HTTPRequestHead, headLength: Int)
    }

    /// Parses the head of one request at the start of `buffer`.
    /// Returns `.incomplete` if more bytes are needed; throws 400, 413, 417, 431, 501 or 505 on bad input.
    public static func parseHead(_ buffer: [UInt8], limits: HTTPLimits) throws(HTTPError) -> ParseResult {
        // RFC 9112 §2.2: ignore empty lines before the request line (left over by some clients after a body).
        var start = 0
        while start + 1 < buffer.count, buffer[start] == HTTPSyntax.cr, buffer[start + 1] == HTTPSyntax.lf {
            start += 2
        }
        guard let end = headTerminator(in: buffer, from: start, limit: limits.maxHeaderBytes) else {
            if buffer.count >= limits.maxHeaderBytes { throw .headerTooLarge }
            return .incomplete
        }
        let lines = splitLines(buffer, from: start, to: end)
        if lines.count - 1 > limits.maxHeaderCount { throw .headerTooLarge }

        let (method, target, version) = try parseRequestLine(lines[0])
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            let (name, value) = try parseFieldLine(line)
            headers.append(name: name, value: value)
        }
        let (path, query) = try parseTarget(target, method: method)
        if headers.values("Host").count > 1 { throw .badRequest("More than one Host header.") }
        let framing = try bodyFraming(headers: headers, version: version, limits: limits)

        let connection = HTTPSyntax.listElements(headers.values("Connection"))
        let keepAlive = version == "HTTP/1.1"
            ? !connection.contains("close")
            : connection.contains("keep-alive") && !connection.contains("close")

        // HTTP/1.0 clients do not know 100 Continue (RFC 9110 §10.1.1), so their Expect is ignored.
        var expectsContinue = false
        let expectations = HTTPSyntax.listElements(headers.values("Expect"))
        if version == "HTTP/1.1", !expectations.isEmpty {
            guard expectations.allSatisfy({ $0 == "100-continue" }) else { throw .expectationFailed }
            expectsContinue = true
        }

        let head = HTTPRequestHead(
            method: method, target: target, path: path, query: query, version: version,
            headers: headers, framing: framing, keepAlive: keepAlive, expectsContinue: expectsContinue
        )
        return .head(head, headLength: end + 4)
    }

    /// Index of the CRLFCRLF ending the head, considering only heads that fit in `limit` bytes.
    static func headTerminator(in buffer: [UInt8], from start: Int, limit: Int) -> Int? {
        let stop = min(buffer.count, limit) - 4
        guard start <= stop else { return nil }
        for index in start...stop
        where buffer[index] == HTTPSyntax.cr && buffer[index + 1] == HTTPSyntax.lf
            && buffer[index + 2] == HTTPSyntax.cr && buffer[index + 3] == HTTPSyntax.lf {
            return index
        }
        return nil
    }

    /// Lines separated by CRLF; a bare CR or LF stays inside its line and is refused there as a control byte.
    private static func splitLines(_ buffer: [UInt8], from start: Int, to end: Int) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = start
        var index = start
        while index <= end {
            if buffer[index] == HTTPSyntax.cr && buffer[index + 1] == HTTPSyntax.lf {
                lines.append(buffer[lineStart..<index])
                index += 2
                lineStart = index
            } else {
                index += 1
            }
        }
        return lines
    }

    private static func parseRequestLine(_ line: ArraySlice<UInt8>) throws(HTTPError) -> (String, String, String) {
        let parts = line.split(separator: HTTPSyntax.space, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .badRequest("Malformed request line.") }
        guard HTTPSyntax.isToken(parts[0]) else { throw .badRequest("Malformed method.") }
        guard !parts[1].isEmpty, parts[1].allSatisfy(HTTPSyntax.isTargetByte) else {
            throw .badRequest("Malformed request target.")
        }
        let version = String(decoding: parts[2], as: UTF8.self)
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            let digit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
            let bytes = Array(parts[2])
            let wellFormed = bytes.count == 8 && bytes.starts(with: "HTTP/".utf8)
                && digit(bytes[5]) && bytes[6] == UInt8(ascii: ".") && digit(bytes[7])
            throw wellFormed ? HTTPError.versionNotSupported : HTTPError.badRequest("Malformed HTTP version.")
        }
        return (String(decoding: parts[0], as: UTF8.self), String(decoding: parts[1], as: UTF8.self), version)
    }

    static func parseFieldLine(_ line: ArraySlice<UInt8>) throws(HTTPError) -> (String, String) {
        // obs-fold (RFC 9112 §5.2) is refused: a folded line could hide a header from one parser but not another.
        if let first = line.first, HTTPSyntax.isWhitespace(first) {
            throw .badRequest("Folded header lines are not accepted.")
        }
        guard let colon = line.firstIndex(of: HTTPSyntax.colon) else {
            throw .badRequest("Header line without a colon.")
        }
        let name = line[..<colon]
        if let last = name.last, HTTPSyntax.isWhitespace(last) {
            throw .badRequest("Whitespace before the colon of a header name.")
        }
        guard HTTPSyntax.isToken(name) else { throw .badRequest("Malformed header name.") }
        let value = HTTPSyntax.trimmingWhitespace(line[(colon + 1)...])
        guard value.allSatisfy(HTTPSyntax.isFieldValueByte) else {
            throw .badRequest("Control character in a header value.")
        }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    /// Origin-form ("/a?b"), absolute-form ("http://host/a?b", reduced to its path) or "*" for OPTIONS.
    private static func parseTarget(_ target: String, method: String) throws(HTTPError) -> (String, [String: String]) {
        var bytes = Array(target.utf8)
        if target == "*" {
            guard method == "OPTIONS" else { throw .badRequest("Asterisk target is only valid for OPTIONS.") }
            return ("*", [:])
        }
        if bytes.first != UInt8(ascii: "/") {
            let lowered = target.lowercased()
            guard let scheme = ["http://", "https://"].first(where: { lowered.hasPrefix($0) }) else {
                throw .badRequest("Unsupported request target form.")
            }
            let rest = bytes.dropFirst(scheme.utf8.count)
            let pathStart = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? rest.endIndex
            guard pathStart > rest.startIndex else { throw .badRequest("Absolute target without a host.") }
            bytes = Array(rest[pathStart...])
            if bytes.first != UInt8(ascii: "/") { bytes.insert(UInt8(ascii: "/"), at: 0) }
        }
        let questionMark = bytes.firstIndex(of: UInt8(ascii: "?")) ?? bytes.endIndex
        let path = try percentDecoded(bytes[..<questionMark])
        var query: [String: String] = [:]
        if questionMark < bytes.endIndex {
            for pair in bytes[(questionMark + 1)...].split(separator: UInt8(ascii: "&")) {
                let equals = pair.firstIndex(of: UInt8(ascii: "=")) ?? pair.endIndex
                let name = try percentDecoded(pair[..<equals])
                query[name] = try equals < pair.endIndex ? percentDecoded(pair[(equals + 1)...]) : ""
            }
        }
        return (path, query)
    }

    /// RFC 3986 percent-decoding into UTF-8. "+" stays "+": URLComponents does not encode it in queries,
    /// so reading it as a space would corrupt values sent by Foundation clients.
    static func percentDecoded(_ bytes: ArraySlice<UInt8>) throws(HTTPError) -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex,
                      let high = HTTPSyntax.hexValue(bytes[index + 1]),
                      let low = HTTPSyntax.hexValue(bytes[index + 2])
                else { throw .badRequest("Malformed percent-encoding.") }
                decoded.append(UInt8(high * 16 + low))
                index += 3
            } else {
                decoded.append(bytes[index])
                index += 1
            }
        }
        // NUL would truncate the string in any C API it reaches.
        guard !decoded.contains(0), let string = String(validating: decoded, as: UTF8.self) else {
            throw .badRequest("Percent-encoding does not decode to valid UTF-8.")
        }
        return string
    }

    /// RFC 9112 §6.3, minus the leniencies that enable smuggling.
    private static func bodyFraming(headers: HTTPHeaders, version: String, limits: HTTPLimits) throws(HTTPError) -> HTTPRequestHead.BodyFraming {
        var contentLength: Int?
        for value in headers.values("Content-Length") {
            // "5, 5" is a legal list of identical lengths (RFC 9110 §8.6); anything differing is not.
            for element in value.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                let digits = HTTPSyntax.trimmingWhitespace(element)
                guard !digits.isEmpty, digits.count <= 18,
                      digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                      let length = Int(String(decoding: digits, as: UTF8.self))
                else { throw .badRequest("Invalid Content-Length.") }
                if let previous = contentLength, previous != length {
                    throw .badRequest("Conflicting Content-Length values.")
                }
                contentLength = length
            }
        }
        if headers.contains("Transfer-Encoding") {
            guard contentLength == nil else {
                throw .badRequest("Both Content-Length and Transfer-Encoding are present.")
            }
            guard version == "HTTP/1.1" else { throw .badRequest("Transfer-Encoding requires HTTP/1.1.") }
            let codings = HTTPSyntax.listElements(headers.values("Transfer-Encoding"))
            guard !codings.isEmpty else { throw .badRequest("Empty Transfer-Encoding.") }
            // RFC 9112 §6.3: chunked must be the final coding, and §7.1: applied once;
            // otherwise the body's end cannot be known (400). Other codings before it
            // are understood but not supported (501).
            guard codings.last == "chunked", codings.filter({ $0 == "chunked" }).count == 1 else {
                throw .badRequest("Transfer-Encoding must end with chunked, applied once.")
            }
            guard codings.count == 1 else {
                throw .notImplemented("Only the chunked transfer coding is supported.")
            }
            return .chunked
        }
        guard let contentLength else { return .none }
        if contentLength > limits.maxBodyBytes { throw .payloadTooLarge }
        return contentLength == 0 ? .none : .contentLength(contentLength)
    }
}
