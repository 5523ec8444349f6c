import Testing
import SyncModel

@Suite struct SHA256Tests {
    // FIPS 180-4 / NIST CSRC example vectors.
    @Test func digest_MatchesNISTVector_ForABC() {
        #expect(SHA256.hexDigest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func digest_MatchesNISTVector_ForEmptyString() {
        #expect(SHA256.hexDigest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func digest_MatchesNISTVector_For448BitMessage() {
        #expect(SHA256.hexDigest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func digest_MatchesNISTVector_For896BitMessage() {
        let message = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(SHA256.hexDigest(message) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test func digest_MatchesNISTVector_ForOneMillionA() {
        #expect(SHA256.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    // Lengths around the 56-byte padding boundary and the 64-byte block (reference: coreutils sha256sum).
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
    ])
    func digest_IsCorrect_AroundPaddingBoundaries(length: Int, expected: String) {
        #expect(SHA256.hexDigest(String(repeating: "a", count: length)) == expected)
    }

    @Test func incrementalUpdates_GiveTheOneShotDigest_AtEverySplitPoint() {
        let message = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let expected = SHA256.hash(message)
        for split in 0...message.count {
            var hasher = SHA256()
            hasher.update(Array(message[..<split]))
            hasher.update(Array(message[split...]))
            #expect(hasher.finalize() == expected, "split at \(split)")
        }
    }

    @Test func hash_Returns32Bytes() {
        #expect(SHA256.hash(Array("abc".utf8)).count == SHA256.digestByteCount)
        #expect(SHA256.digestByteCount == 32)
    }

    @Test func constantTimeEquals_IsTrue_ForEqualBytes() {
        #expect(ConstantTime.equals(SHA256.hash([1, 2, 3]), SHA256.hash([1, 2, 3])))
        #expect(ConstantTime.equals([], []))
        #expect(ConstantTime.equals("token", "token"))
    }

    @Test func constantTimeEquals_IsFalse_ForDifferentBytes() {
        var other = SHA256.hash([1, 2, 3])
        other[31] ^= 0x01
        #expect(!ConstantTime.equals(SHA256.hash([1, 2, 3]), other))
        #expect(!ConstantTime.equals("token", "tokem"))
    }

    @Test func constantTimeEquals_IsFalse_ForDifferentLengths() {
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(!ConstantTime.equals([], [0]))
        #expect(!ConstantTime.equals("token", "token "))
    }
}
