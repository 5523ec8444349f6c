/// A `multipart/form-data` body (RFC 7578), as a browser sends a form with a file input:
/// its text fields and its files, as one `FormData` (so the CSRF token is checked as for
/// any form). Only what a browser sends is read: each part's `Content-Disposition` names the
/// field (and the file's name); a part's body runs to the CRLF before the next boundary.
public enum MultipartForm {
    public struct File: Sendable, Equatable {
        /// The form field it came in.
        public let field: String
        /// The name the file had on the worker's computer (as the browser gives it).
        public let filename: String
        public let bytes: [UInt8]
    }

    /// The boundary of a `multipart/form-data` content type, or nil for any other type.
    public static func boundary(ofContentType type: String?) -> String? {
        guard let type else { return nil }
        let parts = type.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
            var value = String(part.dropFirst("boundary=".count))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// The text fields, and the files in `files`.
    public static func parse(_ body: [UInt8], boundary: String) throws -> FormData {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n--\(boundary)".utf8)
        guard body.starts(with: delimiter) else { throw FormData.Malformed(description: "the upload does not start with its boundary") }
        var form = FormData()
        var index = delimiter.count
        var textBytes = 0
        while true {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            if body[index...].starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")]) { return form }
            guard body[index...].starts(with: [13, 10]) else { throw FormData.Malformed(description: "a part of the upload is malformed") }
            index += 2
            guard let headEnd = find([13, 10, 13, 10], in: body, from: index) else {
                throw FormData.Malformed(description: "a part of the upload has no end to its head")
            }
            let head = String(decoding: body[index..<headEnd], as: UTF8.self)
            let contentStart = headEnd + 4
            guard let contentEnd = find(separator, in: body, from: contentStart) else {
                throw FormData.Malformed(description: "the upload is cut short (no closing boundary)")
            }
            let content = Array(body[contentStart..<contentEnd])
            guard let disposition = disposition(in: head), let name = disposition["name"] else {
                throw FormData.Malformed(description: "a part of the upload names no field")
            }
            if let filename = disposition["filename"] {
                form.files.append(File(field: name, filename: filename, bytes: content))
            } else {
                textBytes += content.count
                guard textBytes <= FormData.maximumBytes, !content.contains(0), let text = String(validating: content, as: UTF8.self) else {
                    throw FormData.Malformed(description: "a text field of the upload is not short UTF-8 text")
                }
                form.append(name, text)
            }
            index = contentEnd + separator.count
            guard index <= body.count - 2 else { throw FormData.Malformed(description: "the upload is cut short") }
        }
    }

    /// `form-data; name="doc"; filename="a.pdf"` → ["name": "doc", "filename": "a.pdf"].
    static func disposition(in head: String) -> [String: String]? {
        for line in head.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-disposition" else { continue }
            var result: [String: String] = [:]
            var rest = Substring(parts[1])
            while let equals = rest.firstIndex(of: "=") {
                let key = rest[..<equals].split(separator: ";").last.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
                rest = rest[rest.index(after: equals)...]
                var value = ""
                if rest.first == "\"" {
                    rest = rest.dropFirst()
                    guard let close = rest.firstIndex(of: "\"") else { return nil }
                    value = String(rest[..<close])
                    rest = rest[rest.index(after: close)...]
                } else {
                    let end = rest.firstIndex(of: ";") ?? rest.endIndex
                    value = rest[..<end].trimmingCharacters(in: .whitespaces)
                    rest = rest[end...]
                }
                result[key] = value
            }
            return result
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

extension FormData {
    mutating func append(_ name: String, _ value: String) {
        let files = self.files
        self = FormData(fields + [(name, value)])
        self.files = files
    }
}
