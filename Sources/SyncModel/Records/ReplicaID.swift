/// The short, stable, ASCII name of a replica (`soum-4305`, `hub-43`). Given once at
/// `init` and never reused: every write a replica makes carries it.
public struct ReplicaID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// The longest id accepted; ids travel in every entry, so they stay short.
    public static let maximumLength = 64

    /// Accepts lower-case ASCII letters, digits, `-` and `_`, starting with a letter or digit.
    public init?(_ rawValue: String) {
        guard ReplicaID.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumLength else { return false }
        func allowed(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F
        }
        guard bytes.allSatisfy(allowed), bytes[0] != 0x2D, bytes[0] != 0x5F else { return false }
        return true
    }

    public var description: String { rawValue }

    /// Hubs are named `hub-…` and offices never are (both checked at `init` and
    /// `office add`), so every replica can tell a hub's write from an office's by
    /// its dot alone, the same way everywhere.
    public static let hubPrefix = "hub-"

    public var isHub: Bool { rawValue.hasPrefix(ReplicaID.hubPrefix) }

    public static func < (lhs: ReplicaID, rhs: ReplicaID) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension ReplicaID: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = ReplicaID(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "invalid replica id '\(text)'")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
