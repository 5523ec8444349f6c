/// How a file travels over a slow link (issue 20): in pieces of `pieceSize` bytes (the
/// last one shorter), each with its own SHA-256, announced before the first piece. The
/// receiver refuses a piece that does not hash to its announcement at once, keeps every
/// piece it took, and after a cut link the sender resumes at the first piece missing.
/// The whole file must still hash to its name before it is kept (the announcement itself
/// may be a lie).
public struct FilePieces: Sendable, Equatable, Codable {
    public let sha256: String
    public let byteCount: Int
    public let pieceSize: Int
    /// Hex SHA-256 of each piece, in order.
    public let pieces: [String]

    /// 64 KiB: 16 seconds at 32 kbit/s, so a cut loses little; 50 MB is 763 pieces, an
    /// announcement of 50 KB (0.1 %).
    public static let defaultPieceSize = 64 * 1024
    /// Pieces are whole multiples of 4 KiB, between 4 KiB and 1 MiB.
    public static let pieceSizes = stride(from: 4_096, through: 1 << 20, by: 4_096)

    public init(of bytes: [UInt8], pieceSize: Int = Self.defaultPieceSize) {
        sha256 = SHA256.hexDigest(bytes)
        byteCount = bytes.count
        self.pieceSize = pieceSize
        pieces = stride(from: 0, to: bytes.count, by: pieceSize).map {
            SHA256.hexDigest(Array(bytes[$0..<min(bytes.count, $0 + pieceSize)]))
        }
    }

    public init(sha256: String, byteCount: Int, pieceSize: Int, pieces: [String]) {
        self.sha256 = sha256
        self.byteCount = byteCount
        self.pieceSize = pieceSize
        self.pieces = pieces
    }

    /// Why this announcement cannot be taken, or nil.
    public var problem: String? {
        guard Scan.isHash(sha256) else { return "sha256 must be 64 lower-case hex digits" }
        guard byteCount > 0 else { return "an empty file is not a scan" }
        guard Self.pieceSizes.contains(pieceSize) else { return "pieceSize must be a multiple of 4096 between 4096 and 1048576" }
        guard pieces.count == (byteCount + pieceSize - 1) / pieceSize else {
            return "\(byteCount) bytes in pieces of \(pieceSize) are \((byteCount + pieceSize - 1) / pieceSize) pieces, not \(pieces.count)"
        }
        guard pieces.allSatisfy(Scan.isHash) else { return "each piece's hash must be 64 lower-case hex digits" }
        return nil
    }

    /// The bytes piece `index` holds.
    public func range(ofPiece index: Int) -> Range<Int> {
        index * pieceSize..<min(byteCount, (index + 1) * pieceSize)
    }

    /// Whether `bytes` are piece `index` as announced.
    public func holds<Bytes: Collection<UInt8>>(_ bytes: Bytes, asPiece index: Int) -> Bool {
        pieces.indices.contains(index) && bytes.count == range(ofPiece: index).count && SHA256.hexDigest(Array(bytes)) == pieces[index]
    }

    /// `offset` rounded down to the start of its piece: where a resumed transfer starts.
    public func pieceStart(atOrBefore offset: Int) -> Int {
        min(byteCount, offset) / pieceSize * pieceSize
    }
}
