/// Photos and scanned images made small enough to read on screen before they are kept
/// (issue 20), as the web app's page does in the browser: turned as the camera said, the
/// longest side at most `maximumSide` pixels, a JPEG of `quality`. A file kept as it came:
/// a PDF, anything these decoders do not read (a progressive JPEG, an interlaced PNG, CMYK),
/// a JPEG already small (no side over the limit and under `smallJPEGBytes`: re-encoding
/// it would only lose detail), or a result no smaller than the file.
public enum ScanReducer {
    public static let maximumSide = 2000
    public static let quality = 85
    public static let smallJPEGBytes = 1 << 20

    public struct Reduced: Sendable {
        public let bytes: [UInt8]
        public let width: Int
        public let height: Int
    }

    public static func reduce(_ bytes: [UInt8]) -> Reduced? {
        let image: RGBImage
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            guard let decoded = JPEGDecoder.decode(bytes) else { return nil }
            let turned = decoded.orientation != 1
            if !turned, max(decoded.image.width, decoded.image.height) <= maximumSide, bytes.count < smallJPEGBytes { return nil }
            image = decoded.image.oriented(decoded.orientation)
        } else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            guard let decoded = PNGDecoder.decode(bytes) else { return nil }
            image = decoded
        } else {
            return nil
        }
        let fitted = image.fitting(within: maximumSide)
        let encoded = JPEGEncoder.encode(fitted, quality: quality)
        guard encoded.count < bytes.count else { return nil }
        return Reduced(bytes: encoded, width: fitted.width, height: fitted.height)
    }
}
