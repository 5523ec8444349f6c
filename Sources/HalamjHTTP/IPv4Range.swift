#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 address or CIDR range ("127.0.0.1", "10.0.0.0/8"), as `--trusted-proxy` names one.
public struct IPv4Range: Sendable, Equatable, CustomStringConvertible {
    /// The network's first address, host order, its host bits cleared.
    public let network: UInt32
    public let prefixLength: Int

    /// nil unless `text` is a dotted-quad address, optionally with `/0`…`/32`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = Self.address(String(parts[0])) else { return nil }
        var length = 32
        if parts.count == 2 {
            guard parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(parts[1]), (0...32).contains(value) else { return nil }
            length = value
        }
        prefixLength = length
        network = address & Self.mask(length)
    }

    public func contains(_ address: UInt32) -> Bool {
        address & Self.mask(prefixLength) == network
    }

    public var description: String {
        prefixLength == 32 ? Self.text(network) : "\(Self.text(network))/\(prefixLength)"
    }

    /// The address in host order; nil unless `text` is exactly a dotted quad (no leading zeros
    /// read as octal, no short forms: inet_pton's rules).
    public static func address(_ text: String) -> UInt32? {
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        return UInt32(bigEndian: address.s_addr)
    }

    /// `address` (host order) as a dotted quad.
    public static func text(_ address: UInt32) -> String {
        [24, 16, 8, 0].map { String((address >> UInt32($0)) & 0xFF) }.joined(separator: ".")
    }

    private static func mask(_ length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << UInt32(32 - length)
    }
}
