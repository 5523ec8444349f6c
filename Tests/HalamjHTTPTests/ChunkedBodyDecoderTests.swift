import Testing
import HalamjTestSupport
@testable import HalamjHTTP

private func decode(_ text: String, maxBodyBytes: Int = HTTPLimits.defaultMaxBodyBytes) throws(HTTPError) -> (body: String, length: Int)? {
    guard let (body, length) = try ChunkedBodyDecoder.decode(Array(text.utf8), maxBodyBytes: maxBodyBytes) else { return nil }
    return (String(decoding: body, as: UTF8.self), length)
}

private func rejection(_ text: String, maxBodyBytes: Int = HTTPLimits.defaultMaxBodyBytes) -> Int? {
    do {
        _ = try decode(text, maxBodyBytes: maxBodyBytes)
        return nil
    } catch {
        return error.status
    }
}

@Suite struct ChunkedBodyDecoderTests {
    static let wikipedia = "4\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n\r\n"

    @Test func chunkedBody_IsDecoded() throws {
        let result = try #require(try decode(Self.wikipedia))
        #expect(result.body == "Wikipedia in\r\n\r\nchunks.")
        #expect(result.length == Self.wikipedia.utf8.count)
    }

    @Test func emptyChunkedBody_IsDecoded() throws {
        let result = try #require(try decode("0\r\n\r\n"))
        #expect(result.body == "")
        #expect(result.length == 5)
    }

    @Test func extensionsAndTrailers_AreIgnored() throws {
        let text = "3;name=value\r\nabc\r\n3 ; x\r\ndef\r\n0;last\r\nX-Checksum: 1\r\nX-Other: 2\r\n\r\n"
        let result = try #require(try decode(text))
        #expect(result.body == "abcdef")
        #expect(result.length == text.utf8.count)
    }

    @Test func bytesAfterTheBody_AreLeftForTheNextRequest() throws {
        let result = try #require(try decode("2\r\nhi\r\n0\r\n\r\nGET / HTTP/1.1\r\n\r\n"))
        #expect(result.body == "hi")
        #expect(result.length == 12)
    }

    @Test func decode_ReturnsNil_AtEverySplitPoint() throws {
        let bytes = Array(Self.wikipedia.utf8)
        for split in 0..<bytes.count {
            #expect(try ChunkedBodyDecoder.decode(Array(bytes[..<split])) == nil, "split at \(split)")
        }
    }

    @Test func decoderFedOneByteAtATime_GivesTheSameBody() throws {
        var decoder = ChunkedBodyDecoder()
        var pending: [UInt8] = []
        for byte in Self.wikipedia.utf8 {
            #expect(!decoder.isComplete)
            pending.append(byte)
            pending.removeFirst(try decoder.consume(pending[...]))
        }
        #expect(decoder.isComplete)
        #expect(pending.isEmpty)
        #expect(String(decoding: decoder.body, as: UTF8.self) == "Wikipedia in\r\n\r\nchunks.")
    }

    @Test func chunkedBody_IsRejected_WhenItExceedsTheBodyLimit() {
        #expect(rejection("5\r\nhello\r\n0\r\n\r\n", maxBodyBytes: 5) == nil)
        #expect(rejection("6\r\nhello!\r\n0\r\n\r\n", maxBodyBytes: 5) == 413)
        // Across chunks, and before the data arrives.
        #expect(rejection("3\r\nabc\r\n3\r\n", maxBodyBytes: 5) == 413)
        #expect(rejection("fffffffffffffffffffffffff\r\n") == 413)
    }

    @Test(arguments: ["\r\n", "x\r\n", "-1\r\n", " 1\r\nx\r\n", "1 \r\nx\r\n", "1x\r\nx\r\n", "0x1\r\nx\r\n", "1\nx\r\n"])
    func chunkedBody_IsRejected_WhenChunkSizeIsMalformed(prefix: String) {
        #expect(rejection(prefix + "0\r\n\r\n") == 400)
    }

    @Test func chunkedBody_IsRejected_WhenDataOverrunsItsSize() {
        #expect(rejection("2\r\nabc\r\n0\r\n\r\n") == 400)
        #expect(rejection("2\r\nab\n0\r\n\r\n") == 400)
    }

    @Test func chunkedBody_IsRejected_WhenALineIsTooLong() {
        #expect(HTTPLimits.maxChunkLineBytes == 4 * 1024)
        let longExtension = "1;" + String(repeating: "e", count: HTTPLimits.maxChunkLineBytes)
        #expect(rejection(longExtension) == 400)
        #expect(rejection(longExtension + "\r\nx\r\n0\r\n\r\n") == 400)
        let maximal = "1;" + String(repeating: "e", count: HTTPLimits.maxChunkLineBytes - 2)
        #expect(rejection(maximal + "\r\nx\r\n0\r\n\r\n") == nil)
    }

    @Test func chunkedBody_IsRejected_WhenTrailerIsMalformedOrTooLarge() {
        #expect(rejection("0\r\nno colon\r\n\r\n") == 400)
        #expect(rejection("0\r\n folded: x\r\n\r\n") == 400)
        var decoder = ChunkedBodyDecoder(maxTrailerBytes: 20)
        let trailers = "0\r\nX-A: 0123456789\r\nX-B: 0123456789\r\n\r\n"
        #expect(throws: HTTPError.self) { _ = try decoder.consume(Array(trailers.utf8)[...]) }
    }
}
