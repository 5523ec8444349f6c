import Testing
import SyncModel

@Suite struct ByteTextTests {
    @Test func sizesReadAsAFileManagerShowsThem() {
        #expect(ByteText.bytes(0) == "0 B")
        #expect(ByteText.bytes(950) == "950 B")
        #expect(ByteText.bytes(1_024) == "1 KB")
        #expect(ByteText.bytes(1_600) == "1.6 KB")
        #expect(ByteText.bytes(83_000) == "81 KB")
        #expect(ByteText.bytes(1_700_000) == "1.6 MB")
        #expect(ByteText.bytes(-5) == "0 B")
        #expect(ByteText.rate(bytesPerSecond: 4_000) == "3.9 KB/s")
    }
}
