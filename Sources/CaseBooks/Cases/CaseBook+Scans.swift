import SyncModel
import ReplicaStorage
import ScanImages

/// Scanned papers on a case (issue 20): the file goes into the content store first, then
/// its reference into the case (and the file into the upload queue) in one transaction,
/// so a case never names a file this replica does not hold.
extension CaseBook {
    /// The largest file one scan may be: a 14-page PDF of a medical commission at 300 dpi
    /// is some 5 MB; a phone photo reduced for the screen is under 1 MB.
    public static let maximumScanBytes = 20 << 20

    /// Attaches `bytes` (a JPEG, PNG or PDF named `name`) to checklist item `document` of
    /// case `number`. A photo or scanned image is reduced for the screen first (`ScanReducer`:
    /// turned as the camera said, at most 2,000 px, a JPEG) unless `keepOriginal`; a PDF is
    /// kept as it is. Attaching the same file to the same item again changes nothing.
    /// Whether the paper was received stays its own tick (`markDocument`).
    @discardableResult
    public func attach(
        _ number: String, document: String, bytes original: [UInt8], name originalName: String, files: ContentStore,
        keepOriginal: Bool = false, now: Int64 = Clock.nowMillis()
    ) throws -> Scan {
        guard var kind = ScanKind.of(original) else {
            throw CaseError.scan("«\(originalName)» is not a JPEG, PNG or PDF file (its first bytes say otherwise)")
        }
        var bytes = original, name = originalName
        // An image three times the limit may still come down under it; anything larger is refused unread.
        if kind.isImage, !keepOriginal, original.count <= 3 * Self.maximumScanBytes, let reduced = ScanReducer.reduce(original) {
            bytes = reduced.bytes
            kind = .jpeg
            name = Self.renamed(originalName, to: "jpg")
        }
        guard bytes.count <= Self.maximumScanBytes else {
            throw CaseError.scan("«\(name)» is \(ByteText.bytes(bytes.count)); a scan may be at most \(ByteText.bytes(Self.maximumScanBytes)) (scan at a lower resolution, or split the PDF)")
        }
        let (_, _, service) = try store.read { try load(number, in: $0) }
        let item = try self.document(document, of: service)
        let sha = SHA256.hexDigest(bytes)
        guard let scan = Scan(document: item.id, sha256: sha, byteCount: bytes.count, kind: kind, name: name) else {
            throw CaseError.scan("«\(name)» cannot be attached to \(item.id)")
        }
        try files.put(bytes)
        return try transaction { tx in
            let (key, stored, _) = try load(number, in: tx)
            if stored.record.value(scan.field) != scan.value {
                _ = try tx.write(key, office: stored.record.office, changes: [scan.field: scan.value], now: now)
            }
            try tx.queueFile(sha, for: key, byteCount: bytes.count, now: now)
            return scan
        }
    }

    /// `name` with its extension made `ext` (`photo.PNG` → `photo.jpg`).
    static func renamed(_ name: String, to ext: String) -> String {
        guard let dot = name.lastIndex(of: "."), name.distance(from: dot, to: name.endIndex) <= 5 else { return name + "." + ext }
        return String(name[..<dot]) + "." + ext
    }

    /// The files attached to case `number`, by document.
    public func scans(_ number: String) throws -> [Scan] {
        try show(number).scans
    }

    /// Removes a file from case `number` (`sha256` or a prefix of at least 8 digits): a
    /// deliberate write of `removed` to its field, which syncs like any edit (the caller
    /// logs who did it and why). The file stays in the content store.
    @discardableResult
    public func detach(_ number: String, _ sha256: String, now: Int64 = Clock.nowMillis()) throws -> Scan {
        let scans = try scans(number, matching: sha256)
        // Which field to clear must be plain: one file on two documents is named by document.
        guard scans.count == 1 else { throw Self.noScan(number, sha256) }
        _ = try step(number, now: now) { _, _ in [scans[0].field: Scan.removedValue] }
        return scans[0]
    }

    /// The bytes of a file attached to case `number` (`sha256` or a prefix of at least 8
    /// digits): only a file the case names is given, and it is hash-checked on reading.
    public func scanFile(_ number: String, _ sha256: String, files: ContentStore) throws -> (Scan, [UInt8]) {
        let scans = try scans(number, matching: sha256)
        guard Set(scans.map(\.sha256)).count == 1 else { throw Self.noScan(number, sha256) }
        return (scans[0], try files.read(scans[0].sha256))
    }

    /// The scans of case `number` whose hash starts with `prefix` (8 digits at least);
    /// none is an error that says where to look.
    private func scans(_ number: String, matching prefix: String) throws -> [Scan] {
        let scans = try scans(number).filter { $0.sha256.hasPrefix(prefix.lowercased()) }
        guard prefix.count >= 8, !scans.isEmpty else { throw Self.noScan(number, prefix) }
        return scans
    }

    private static func noScan(_ number: String, _ prefix: String) -> CaseError {
        CaseError.scan("case \(number) has no file \(prefix) ('case files \(number)' lists them)")
    }
}
