import Foundation

/// Passwords of a soum office's local users, stored as PBKDF2-HMAC-SHA-256
/// (RFC 8018) with a random salt: `pbkdf2-sha256$<iterations>$<salt hex>$<key hex>`.
/// The iteration count travels with the hash, so it can be raised later without
/// invalidating the passwords already stored.
public enum PasswordHash {
    public static let scheme = "pbkdf2-sha256"
    /// About a tenth of a second on the office PCs we measured (release build).
    public static let defaultIterations = 100_000
    static let saltByteCount = 16

    public static func make(_ password: String, iterations: Int = defaultIterations) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<saltByteCount).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let key = derive(Array(password.utf8), salt: salt, iterations: iterations, length: SHA256.digestByteCount)
        return "\(scheme)$\(iterations)$\(SHA256.hex(salt))$\(SHA256.hex(key))"
    }

    /// True when `password` is the one `stored` was made from; compared in constant
    /// time. A malformed stored value never matches.
    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == scheme, let iterations = Int(parts[1]), (1...10_000_000).contains(iterations),
              let salt = bytes(fromHex: parts[2]), let expected = bytes(fromHex: parts[3]), !expected.isEmpty
        else { return false }
        let key = derive(Array(password.utf8), salt: salt, iterations: iterations, length: expected.count)
        return ConstantTime.equals(key, expected)
    }

    /// PBKDF2 with HMAC-SHA-256 as the pseudo-random function.
    public static func derive(_ password: [UInt8], salt: [UInt8], iterations: Int, length: Int) -> [UInt8] {
        let prf = HMACSHA256(key: password)
        var output: [UInt8] = []
        var block: UInt32 = 1
        while output.count < length {
            var u = prf.authenticationCode(salt + [UInt8(block >> 24), UInt8((block >> 16) & 0xff), UInt8((block >> 8) & 0xff), UInt8(block & 0xff)])
            var t = u
            for _ in 1..<max(1, iterations) {
                u = prf.authenticationCode(u)
                for i in 0..<t.count { t[i] ^= u[i] }
            }
            output += t
            block += 1
        }
        return Array(output.prefix(length))
    }

    static func bytes(fromHex text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var i = 0
        while i < digits.count {
            guard let high = nibble(digits[i]), let low = nibble(digits[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
