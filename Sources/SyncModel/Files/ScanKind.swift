/// What a scanned document may be: a photo or scan as JPEG or PNG, or a PDF. Told by the
/// file's first bytes, never by its name (a renamed file is what its bytes say).
public enum ScanKind: String, Sendable, CaseIterable, Codable {
    case jpeg, png, pdf

    public var mediaType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .pdf: "application/pdf"
        }
    }

    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .pdf: "pdf"
        }
    }

    public var isImage: Bool { self != .pdf }

    /// The kind the bytes start as, or nil for anything else.
    public static func of<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> ScanKind? {
        let head = Array(bytes.prefix(8))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        return nil
    }
}
