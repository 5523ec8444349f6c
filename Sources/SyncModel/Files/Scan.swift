/// A scanned paper attached to a checklist item of a case (issue 20). The file itself is
/// kept outside the records, by its SHA-256 (`ContentStore`); the case holds one field per
/// attached file, `scan_<document>_<first 16 hex digits of the hash>`, whose value names
/// the whole hash, the size, the kind and the file's name:
///
///     scan_medical_commission_4f2a9c0d1e3b5a77 = "4f2a…(64) 182044 jpeg комисс.jpg"
///
/// One field per file, so adding files from two places merges to both (different fields
/// never conflict) and the reference syncs with the case like every other write. Removing
/// a file is a deliberate write of `removed` to its field (audit-logged where it is made);
/// the last writer wins between a removal and the same file attached again.
/// Ticking a document received (`doc_<id>`) stays a fact of its own.
public struct Scan: Hashable, Sendable, Codable {
    public let document: String
    /// 64 lower-case hexadecimal digits.
    public let sha256: String
    public let byteCount: Int
    public let kind: ScanKind
    /// The name the file had where it was attached (shown, never used as a path).
    public let name: String

    public static let prefix = "scan_"
    public static let removedValue = "removed"
    /// Hex digits of the hash in the field's name: enough that two files of one document
    /// never share a field, short enough that the name stays within 64 bytes.
    static let nameDigits = 16
    /// The longest file name kept (in characters).
    public static let maximumNameLength = 120

    public init?(document: String, sha256: String, byteCount: Int, kind: ScanKind, name: String) {
        guard Document.isValidID(document), Self.isHash(sha256), byteCount > 0 else { return nil }
        self.document = document
        self.sha256 = sha256
        self.byteCount = byteCount
        self.kind = kind
        self.name = Self.cleanName(name, kind: kind)
    }

    public var field: String { Self.prefix + document + "_" + sha256.prefix(Self.nameDigits) }

    public var value: String { "\(sha256) \(byteCount) \(kind.rawValue) \(name)" }

    /// The scan a field holds, nil for another field, a removed file or a malformed value.
    public init?(field: String, value: String) {
        guard let document = Self.document(ofField: field) else { return nil }
        let parts = value.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, let bytes = Int(parts[1]), let kind = ScanKind(rawValue: String(parts[2])) else { return nil }
        let sha = String(parts[0])
        guard field.hasSuffix("_" + sha.prefix(Self.nameDigits)) else { return nil }
        self.init(document: document, sha256: sha, byteCount: bytes, kind: kind, name: String(parts[3]))
    }

    /// Whether `field` is a scan's field (`scan_<document>_<16 hex>`).
    public static func isField(_ field: String) -> Bool { document(ofField: field) != nil }

    /// The document a scan field is of.
    public static func document(ofField field: String) -> String? {
        guard field.hasPrefix(prefix) else { return nil }
        let rest = field.dropFirst(prefix.count)
        guard rest.count > nameDigits + 1 else { return nil }
        let hash = rest.suffix(nameDigits)
        let document = rest.dropLast(nameDigits + 1)
        guard rest.dropFirst(document.count).first == "_", isHex(hash), Document.isValidID(String(document)) else { return nil }
        return String(document)
    }

    /// Whether `value` is what a scan field may hold: a scan, or `removed`.
    public static func isValidValue(_ value: String, field: String) -> Bool {
        value == removedValue || Scan(field: field, value: value) != nil
    }

    /// The files attached to `record` now, by document then name (removed ones left out).
    public static func attached(to record: Record) -> [Scan] {
        attached(in: record.fields.keys.filter { $0.hasPrefix(prefix) }.reduce(into: [:]) { $0[$1] = record.value($1) })
    }

    /// The same from a case's current values.
    public static func attached(in values: [String: String]) -> [Scan] {
        values.compactMap { field, value in field.hasPrefix(prefix) ? Scan(field: field, value: value) : nil }
            .sorted { ($0.document, $0.name, $0.sha256) < ($1.document, $1.name, $1.sha256) }
    }

    public static func isHash(_ text: String) -> Bool { text.utf8.count == 64 && isHex(Substring(text)) }

    static func isHex(_ text: Substring) -> Bool {
        text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    /// A file's name without any folder, control characters or line breaks, at most
    /// `maximumNameLength` characters; `scan.<ext>` when nothing is left.
    static func cleanName(_ name: String, kind: ScanKind) -> String {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let kept = String(String.UnicodeScalarView(base.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
            .trimmingWhitespace()
        return kept.isEmpty ? "scan.\(kind.fileExtension)" : String(kept.prefix(maximumNameLength))
    }
}
