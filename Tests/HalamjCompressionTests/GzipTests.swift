import Foundation
import Testing
import HalamjCompression
import HalamjTestSupport

@Suite struct GzipTests {
    /// A push-like JSON body: field names, replica ids and values that repeat, as records do.
    static func recordsJSON(_ count: Int) -> [UInt8] {
        var rng = SplitMix64(seed: 7)
        let names = ["Бат", "Дорж", "Должин", "Оюун", "Үүрийнтуяа"]
        let rows = (0..<count).map { i in
            #"{"collection":"cases","fields":{"name":[{"counter":\#(i + 1),"logical":0,"replica":"soum-4305","value":"\#(names.randomElement(using: &rng)!) \#(Int.random(in: 0...9999, using: &rng))","wall":\#(1795608000000 + i)}],"phone":[{"counter":\#(i + 1),"logical":0,"replica":"soum-4305","value":"\#(Int.random(in: 88000000...99999999, using: &rng))","wall":\#(1795608000000 + i)}]},"id":"4305-2026-\#(String(format: "%06d", i + 1))","office":"soum-4305","vector":{"soum-4305":\#(i + 1)}}"#
        }
        return Array(("[" + rows.joined(separator: ",") + "]").utf8)
    }

    @Test func roundTrip_GivesTheSameBytes_AndRecordsShrinkSeveralFold() throws {
        for count in [0, 1, 100] {
            let body = Self.recordsJSON(count)
            let packed = Gzip.compress(body)
            #expect(packed.starts(with: [0x1F, 0x8B, 0x08]), "a gzip member (RFC 1952)")
            #expect(try Gzip.decompress(packed, maximumSize: body.count) == body)
            if count == 100 { #expect(packed.count * 5 < body.count, "\(body.count) -> \(packed.count) bytes") }
        }
    }

    @Test func theSystemsGzip_ReadsOursAndWeReadItsOutput() throws {
        let dir = TemporaryDirectory()
        let body = Self.recordsJSON(20)
        try Data(Gzip.compress(body)).write(to: dir.url.appendingPathComponent("ours.gz"))
        let unpacked = try Programs.runAbsolute("/bin/gzip", ["-dc", "ours.gz"], in: dir.url)
        #expect(unpacked.status == 0)
        #expect(Array(unpacked.stdout.utf8) == body)
        try Data(body).write(to: dir.url.appendingPathComponent("theirs"))
        #expect(try Programs.runAbsolute("/bin/gzip", ["-9", "theirs"], in: dir.url).status == 0)
        let theirs = try Array(Data(contentsOf: dir.url.appendingPathComponent("theirs.gz")))
        #expect(try Gzip.decompress(theirs, maximumSize: 1 << 20) == body)
    }

    @Test func damagedTruncatedOrHugeData_IsAnError_NeverATrapOrAnAllocation() throws {
        let packed = Gzip.compress(Self.recordsJSON(50))
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(Array(packed.prefix(packed.count / 2)), maximumSize: 1 << 20) }
        var damaged = packed
        damaged[20] ^= 0xFF
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(damaged, maximumSize: 1 << 20) }
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(Array("not gzip".utf8), maximumSize: 1 << 20) }
        // 64 MiB of zeros packs into ~64 KB: refused at the cap, not inflated.
        let bomb = Gzip.compress([UInt8](repeating: 0, count: 64 << 20))
        #expect(bomb.count < 100_000)
        #expect(throws: Gzip.Failure.tooLarge(maximum: 1 << 20)) { try Gzip.decompress(bomb, maximumSize: 1 << 20) }
    }
}
