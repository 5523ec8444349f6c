import Testing
@testable import BrowserDriver

struct NULFramerTests {
    @Test func splitsSeveralMessagesInOneRead() {
        var framer = NULFramer()
        let messages = framer.append(Array("{\"a\":1}\0{\"b\":2}\0".utf8))
        #expect(messages.map { String(decoding: $0, as: UTF8.self) } == ["{\"a\":1}", "{\"b\":2}"])
        #expect(framer.pendingByteCount == 0)
    }

    @Test func joinsAMessageSplitAcrossReads() {
        var framer = NULFramer()
        #expect(framer.append(Array("{\"text\":\"Бат".utf8)).isEmpty)
        #expect(framer.append(Array("баяр\"}".utf8)).isEmpty)
        let messages = framer.append([0] + Array("{\"next".utf8))
        #expect(messages.map { String(decoding: $0, as: UTF8.self) } == ["{\"text\":\"Батбаяр\"}"])
        #expect(framer.pendingByteCount == "{\"next".utf8.count)
    }

    @Test func javaScriptLiteral_escapesQuotesAndKeepsCyrillic() {
        #expect(javaScriptLiteral("a'b\"c\\") == "\"a'b\\\"c\\\\\"")
        #expect(javaScriptLiteral("Батбаяр") == "\"Батбаяр\"")
    }
}
