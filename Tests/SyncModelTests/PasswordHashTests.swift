import Testing
@testable import SyncModel

/// HMAC-SHA-256 against RFC 4231, PBKDF2-HMAC-SHA-256 against RFC 7914 §11, and the
/// stored form of a local user's password.
@Suite struct PasswordHashTests {
    func hex(_ bytes: [UInt8]) -> String { SHA256.hex(bytes) }

    @Test func hmac_MatchesRFC4231() {
        #expect(hex(HMACSHA256(key: Array("Jefe".utf8)).authenticationCode(Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // A key longer than a block is hashed first (test case 6).
        #expect(hex(HMACSHA256(key: [UInt8](repeating: 0xaa, count: 131))
                    .authenticationCode(Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func pbkdf2_MatchesRFC7914() {
        #expect(hex(PasswordHash.derive(Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1, length: 64))
                == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
        #expect(hex(PasswordHash.derive(Array("Password".utf8), salt: Array("NaCl".utf8), iterations: 80_000, length: 64))
                == "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d")
        // UTF-8 (Cyrillic) passwords, checked against Python's hashlib.pbkdf2_hmac.
        #expect(hex(PasswordHash.derive(Array("нууц үг".utf8), salt: [0, 1], iterations: 3, length: 32))
                == "837d1d6d7ccc35d44b7628ab26a6b786938dc1d286808803d403953bbf285573")
    }

    @Test func storedHash_VerifiesOnlyItsPassword_AndCarriesItsIterations() {
        let stored = PasswordHash.make("Нууц-үг-2026", iterations: 1_000)
        #expect(stored.hasPrefix("pbkdf2-sha256$1000$"))
        #expect(!stored.contains("Нууц"))
        #expect(PasswordHash.verify("Нууц-үг-2026", against: stored))
        #expect(!PasswordHash.verify("Нууц-үг-2027", against: stored))
        #expect(!PasswordHash.verify("", against: stored))
        // Two hashes of one password differ (random salt).
        #expect(PasswordHash.make("same password", iterations: 10) != PasswordHash.make("same password", iterations: 10))
    }

    @Test(arguments: ["", "plain", "pbkdf2-sha256$x$00$00", "pbkdf2-sha256$10$zz$00", "pbkdf2-sha256$10$00$", "md5$10$00$00",
                      "pbkdf2-sha256$0$00$00", "pbkdf2-sha256$99999999999$00$00"])
    func malformedStoredValue_NeverMatches(_ stored: String) {
        #expect(!PasswordHash.verify("", against: stored))
        #expect(!PasswordHash.verify("plain", against: stored))
    }
}
