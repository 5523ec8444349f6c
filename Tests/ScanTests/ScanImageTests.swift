import Foundation
import Testing
import CaseBooks
import ReplicaStorage
import ScanImages
import SyncModel
import HalamjTestSupport

/// The image code that reduces photos and scanned images before they are kept (issue 20).
/// The fixtures were written by ImageMagick and libjpeg-turbo (`cjpeg`), not by this code:
/// one drawing as a lossless PNG and as JPEGs of every kind a scanner or phone writes.
@Suite struct ScanImageTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return Array(try Data(contentsOf: url))
    }

    /// Peak signal-to-noise ratio of `b` against `a` (dB): above 30 a person sees no difference.
    static func psnr(_ a: RGBImage, _ b: RGBImage) -> Double {
        guard a.width == b.width, a.height == b.height else { return 0 }
        var sum = 0.0
        for index in a.pixels.indices {
            let difference = Double(a.pixels[index]) - Double(b.pixels[index])
            sum += difference * difference
        }
        let mse = sum / Double(a.pixels.count)
        return mse == 0 ? 99 : 10 * log10(255 * 255 / mse)
    }

    var reference: RGBImage {
        get throws { try #require(PNGDecoder.decode(try Self.fixture("document.png"))) }
    }

    @Test func theReferencePNG_IsReadAsDrawn() throws {
        let image = try reference
        #expect(image.width == 301 && image.height == 203)
        // A black rectangle at (20…120, 20…80), a white circle around (200, 100).
        let at = { (x: Int, y: Int) in Array(image.pixels[((y * 301 + x) * 3)..<((y * 301 + x) * 3 + 3)]) }
        #expect(at(50, 50) == [0, 0, 0])
        #expect(at(200, 100) == [255, 255, 255])
    }

    /// A 16-bit PNG holds the drawing exactly; a palette of 94 colours (ImageMagick's PNG8)
    /// holds it as closely as 94 colours can.
    @Test(arguments: [("document-16.png", 99.0), ("document-palette.png", 25.0)])
    func everyPNGKind_ReadsAsTheReference(_ name: String, atLeast: Double) throws {
        let image = try #require(PNGDecoder.decode(try Self.fixture(name)))
        let quality = Self.psnr(try reference, image)
        #expect(quality >= atLeast, "\(name): \(quality) dB")
    }

    @Test func aHalfTransparentPNG_IsPutOnWhite() throws {
        let image = try #require(PNGDecoder.decode(try Self.fixture("document-alpha.png")))
        let at = (50 * 301 + 50) * 3
        #expect((126...129).contains(image.pixels[at]), "black at half opacity on white is mid grey: \(image.pixels[at])")
    }

    @Test(arguments: ["document-420.jpg", "document-444.jpg", "document-restart.jpg"])
    func baselineJPEGs_DecodeCloseToTheDrawing(_ name: String) throws {
        let decoded = try #require(JPEGDecoder.decode(try Self.fixture(name)))
        #expect(decoded.orientation == 1)
        let quality = Self.psnr(try reference, decoded.image)
        #expect(quality > 30, "\(name): \(quality) dB")
    }

    @Test func aGrayscaleJPEG_DecodesToGray() throws {
        let decoded = try #require(JPEGDecoder.decode(try Self.fixture("document-gray.jpg")))
        let pixels = decoded.image.pixels
        let gray = stride(from: 0, to: pixels.count, by: 3).allSatisfy { (at: Int) -> Bool in
            pixels[at] == pixels[at + 1] && pixels[at] == pixels[at + 2]
        }
        #expect(gray)
        #expect(decoded.image.width == 301)
    }

    @Test func whatIsNotRead_IsKeptAsItCame() throws {
        #expect(JPEGDecoder.decode(try Self.fixture("document-progressive.jpg")) == nil)
        #expect(PNGDecoder.decode(try Self.fixture("document-interlaced.png")) == nil)
        #expect(ScanReducer.reduce(try Self.fixture("document-progressive.jpg")) == nil)
        #expect(JPEGDecoder.decode([0xFF, 0xD8, 0xFF, 0xE0, 0x00]) == nil, "a cut file")
        var cut = try Self.fixture("document-420.jpg")
        cut.removeLast(cut.count / 2)
        _ = JPEGDecoder.decode(cut)  // half a file: no trap, whatever it makes of it
    }

    /// A header claiming 20,000 × 20,000 pixels (a broken file, or a hostile one): not read,
    /// never gigabytes allocated; the file would be kept as it came.
    @Test func aHeaderClaimingHugeDimensions_IsNotRead() throws {
        var jpeg = try Self.fixture("document-420.jpg")
        let sof = try #require(jpeg.indices.first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
        jpeg.replaceSubrange((sof + 5)..<(sof + 9), with: [0x4E, 0x20, 0x4E, 0x20])
        #expect(JPEGDecoder.decode(jpeg) == nil)
        var png = try Self.fixture("document.png")
        png.replaceSubrange(16..<24, with: [0x00, 0x00, 0x4E, 0x20, 0x00, 0x00, 0x4E, 0x20])
        #expect(PNGDecoder.decode(png) == nil)
        #expect(ScanReducer.reduce(png) == nil)
    }

    @Test func ourJPEG_ReadsBackClose_AndIsSmallerThanThePNG() throws {
        let image = try reference
        let encoded = JPEGEncoder.encode(image, quality: 85)
        let decoded = try #require(JPEGDecoder.decode(encoded))
        #expect(Self.psnr(image, decoded.image) > 30)
        #expect(encoded.starts(with: [0xFF, 0xD8, 0xFF, 0xE0]) && encoded.suffix(2) == [0xFF, 0xD9])
    }

    /// A phone's photo: stored sideways, with EXIF orientation 6 ("turn 90° clockwise").
    @Test func aPhotoStoredSideways_IsTurnedAsTheCameraSaid() throws {
        var bytes = try Self.fixture("document-orient6.jpg")
        // APP1 Exif, big-endian TIFF, IFD0 with one entry: 0x0112 SHORT 1 = 6.
        let tiff: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01,
                             0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]
        let app1 = Array("Exif".utf8) + [0, 0] + tiff
        bytes.insert(contentsOf: [0xFF, 0xE1, UInt8((app1.count + 2) >> 8), UInt8((app1.count + 2) & 0xFF)] + app1, at: 2)
        let decoded = try #require(JPEGDecoder.decode(bytes))
        #expect(decoded.orientation == 6)
        #expect(decoded.image.width == 203 && decoded.image.height == 301, "stored sideways")
        let turned = decoded.image.oriented(6)
        #expect(turned.width == 301 && turned.height == 203)
        #expect(Self.psnr(try reference, turned) > 30)
        let reduced = try #require(ScanReducer.reduce(bytes))
        #expect(reduced.width == 301 && reduced.height == 203, "the kept copy is turned for good")
    }

    @Test func aLargeScan_IsReducedToTwoThousandPixels_KeepingItsShape() throws {
        // A 4,000 × 3,000 page: grey paper, dark lines of writing.
        var pixels = [UInt8](repeating: 235, count: 4_000 * 3_000 * 3)
        for line in stride(from: 200, to: 2_800, by: 120) {
            for y in line..<(line + 24) { for x in 300..<3_700 where (x / 37) % 3 != 0 { let at = (y * 4_000 + x) * 3; pixels[at] = 30; pixels[at + 1] = 30; pixels[at + 2] = 40 } }
        }
        let large = RGBImage(width: 4_000, height: 3_000, pixels: pixels)
        let fitted = large.fitting(within: 2_000)
        #expect(fitted.width == 2_000 && fitted.height == 1_500)
        #expect(Self.psnr(fitted.fitting(within: 500), large.fitting(within: 500)) > 40, "the same picture, smaller")
        #expect(large.fitting(within: 5_000) == large, "a small enough image is left as it is")
    }

    @Test func attachingAnImage_KeepsItReduced_UnlessTheOriginalIsAsked() throws {
        let directory = TemporaryDirectory()
        let node = try ReplicaStore.create(path: directory.path("node.db"), replica: ReplicaID("soum-4305")!, role: .node, office: "soum-4305")
        let book = CaseBook(store: node)
        let number = try book.open(service: .careElderly, registerNumber: try RegisterNumber.parse("УБ45010112"), name: "Дорж",
                                   fields: [CareCategory.field: "elderly_without_support"]).number
        let files = ContentStore.beside(database: node.path)
        // A photo saved as PNG (275 KB): kept as a JPEG a fraction of its size.
        let png = try Self.fixture("photo.png")
        let reduced = try book.attach(number, document: "photos", bytes: png, name: "photo.PNG", files: files)
        #expect(reduced.kind == .jpeg && reduced.name == "photo.jpg" && reduced.byteCount < png.count)
        let stored = try #require(JPEGDecoder.decode(try files.read(reduced.sha256)))
        #expect(Self.psnr(try #require(PNGDecoder.decode(png)), stored.image) > 30, "the same photo")
        let kept = try book.attach(number, document: "citizen_id", bytes: png, name: "id.png", files: files, keepOriginal: true)
        let keptBytes = try files.read(kept.sha256)
        #expect(kept.kind == .png && kept.byteCount == png.count && keptBytes == png)
        // A small JPEG straight from a scanner is kept as it is: re-encoding would only lose detail.
        let jpeg = try Self.fixture("document-420.jpg")
        let asIs = try book.attach(number, document: "health_book", bytes: jpeg, name: "book.jpg", files: files)
        #expect(asIs.byteCount == jpeg.count)
    }
}
