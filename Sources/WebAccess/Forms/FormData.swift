import HalamjHTTP

/// Fields of an `application/x-www-form-urlencoded` body or query string, in order:
/// `+` is a space and `%XX` a byte, as browsers send forms (WHATWG URL §5.1).
public struct FormData: Sendable {
    public private(set) var fields: [(name: String, value: String)] = []
    /// The files of a `multipart/form-data` form (a scan's upload), none for any other.
    public var files: [MultipartForm.File] = []

    /// A form of the web app is small; anything bigger is not one of ours.
    public static let maximumBytes = 64 * 1024

    public struct Malformed: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    public subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// The files sent in field `name`, empty ones (an input left blank) left out.
    public func files(_ name: String) -> [MultipartForm.File] {
        files.filter { $0.field == name && !$0.bytes.isEmpty }
    }

    public func all(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// Every field as a dictionary (the first value of a repeated name).
    public var dictionary: [String: String] {
        var result: [String: String] = [:]
        for (name, value) in fields where result[name] == nil { result[name] = value }
        return result
    }

    public static func parse(_ bytes: some Collection<UInt8>) throws -> FormData {
        guard bytes.count <= maximumBytes else { throw Malformed(description: "the form is larger than \(maximumBytes) bytes") }
        var form = FormData()
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: UInt8(ascii: "=")) ?? pair.endIndex
            let name = try decode(pair[pair.startIndex..<equals])
            let value = equals < pair.endIndex ? try decode(pair[pair.index(after: equals)...]) : ""
            form.fields.append((name, value))
        }
        return form
    }

    /// The query string of a request target (`/path?a=b`), decoded as a form.
    public static func query(of target: String) throws -> FormData {
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return FormData() }
        return try parse(target.utf8[target.utf8.index(after: mark)...])
    }

    private static func decode(_ bytes: some Collection<UInt8>) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): out.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(HTTPSyntax.hexValue), let low = iterator.next().flatMap(HTTPSyntax.hexValue) else {
                    throw Malformed(description: "malformed percent-encoding in the form")
                }
                out.append(UInt8(high << 4 | low))
            default: out.append(byte)
            }
        }
        guard !out.contains(0), let text = String(validating: out, as: UTF8.self) else {
            throw Malformed(description: "the form is not valid UTF-8 text")
        }
        return text
    }

    /// The encoding of `fields`, for links that carry values.
    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    /// Form encoding: letters, digits and `-_.*` as they are, a space as `+`, every other byte `%XX`.
    private static func escape(_ text: String) -> String {
        percentEncoded(text) { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "*"): String(UnicodeScalar(byte))
            case UInt8(ascii: " "): "+"
            default: nil
            }
        }
    }

    /// `text`'s UTF-8 bytes, each as `plain` writes it or, where that gives nil, as `%XX`.
    public static func percentEncoded(_ text: String, _ plain: (UInt8) -> String?) -> String {
        var out = ""
        for byte in text.utf8 {
            out += plain(byte) ?? "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
        }
        return out
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
