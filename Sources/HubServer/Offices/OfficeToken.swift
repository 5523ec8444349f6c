import SyncModel

/// A node's bearer token: `<office-id>.<64 hex digits of randomness>`. The office
/// part lets the hub find the one hash to compare against, in constant time.
public enum OfficeToken {
    /// A new token from the system's cryptographic random source.
    public static func generate(office: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }.joined()
        return "\(office).\(hex)"
    }

    /// The office a token names, if it is shaped like one of ours.
    public static func office(of token: String) -> String? {
        guard let dot = token.lastIndex(of: "."), token.distance(from: dot, to: token.endIndex) == 65 else {
            return nil
        }
        let office = String(token[..<dot])
        return office.isEmpty ? nil : office
    }

    /// The stored form: the SHA-256 of the token, in hex.
    public static func hash(_ token: String) -> String {
        SHA256.hexDigest(token)
    }
}
