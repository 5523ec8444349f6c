/// An image as 8-bit RGB, row by row, no padding: what the decoders give and the encoder
/// takes. Transparency is composited onto white (a scan is read on paper-white).
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height * 3` bytes.
    public var pixels: [UInt8]

    /// The most pixels a decoder takes on: 50 megapixels, past any phone's or scanner's page
    /// (an A4 page at 600 dpi is 35). A header claiming more is not read (the file is kept
    /// as it came, within the size limit), so no file can make the node allocate gigabytes.
    public static let maximumPixels = 50_000_000

    /// Whether `width × height` is one the decoders take on.
    static func isReadable(width: Int, height: Int) -> Bool {
        width > 0 && height > 0 && width <= 65_535 && height <= 65_535 && width * height <= maximumPixels
    }

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3, "an RGB image holds 3 bytes a pixel")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The image made smaller so that neither side is longer than `side`, each pixel the
    /// average of the source pixels it covers (text stays legible; no aliasing).
    public func fitting(within side: Int) -> RGBImage {
        let longest = max(width, height)
        guard longest > side else { return self }
        let targetWidth = max(1, width * side / longest), targetHeight = max(1, height * side / longest)
        var out = [UInt8](repeating: 0, count: targetWidth * targetHeight * 3)
        pixels.withUnsafeBufferPointer { source in
            for ty in 0..<targetHeight {
                let y0 = ty * height / targetHeight, y1 = max(y0 + 1, (ty + 1) * height / targetHeight)
                for tx in 0..<targetWidth {
                    let x0 = tx * width / targetWidth, x1 = max(x0 + 1, (tx + 1) * width / targetWidth)
                    var r = 0, g = 0, b = 0
                    for y in y0..<y1 {
                        var index = (y * width + x0) * 3
                        for _ in x0..<x1 {
                            r += Int(source[index]); g += Int(source[index + 1]); b += Int(source[index + 2])
                            index += 3
                        }
                    }
                    let count = (y1 - y0) * (x1 - x0), at = (ty * targetWidth + tx) * 3
                    out[at] = UInt8((r + count / 2) / count)
                    out[at + 1] = UInt8((g + count / 2) / count)
                    out[at + 2] = UInt8((b + count / 2) / count)
                }
            }
        }
        return RGBImage(width: targetWidth, height: targetHeight, pixels: out)
    }

    /// The image turned as an EXIF orientation (1–8) says it is to be shown.
    public func oriented(_ orientation: Int) -> RGBImage {
        guard (2...8).contains(orientation) else { return self }
        let swaps = orientation >= 5
        let outWidth = swaps ? height : width, outHeight = swaps ? width : height
        var out = [UInt8](repeating: 0, count: pixels.count)
        for y in 0..<outHeight {
            for x in 0..<outWidth {
                let (sx, sy): (Int, Int) = switch orientation {
                case 2: (width - 1 - x, y)
                case 3: (width - 1 - x, height - 1 - y)
                case 4: (x, height - 1 - y)
                case 5: (y, x)
                case 6: (y, height - 1 - x)
                case 7: (width - 1 - y, height - 1 - x)
                default: (width - 1 - y, x)  // 8
                }
                let from = (sy * width + sx) * 3, to = (y * outWidth + x) * 3
                out[to] = pixels[from]; out[to + 1] = pixels[from + 1]; out[to + 2] = pixels[from + 2]
            }
        }
        return RGBImage(width: outWidth, height: outHeight, pixels: out)
    }
}
