import CZlib

/// PNG (ISO 15948) as a scanner writes it: any colour type, bit depths 1–16, not
/// interlaced (an interlaced file is `nil`, and kept as it came). Transparent pixels are
/// put on white.
public enum PNGDecoder {
    public static func decode(_ bytes: [UInt8]) -> RGBImage? {
        guard bytes.count > 33, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return nil }
        var position = 8
        var width = 0, height = 0, depth = 0, colour = 0
        var palette: [UInt8] = [], alphaOfPalette: [UInt8] = []
        var data: [UInt8] = []
        func u32(_ at: Int) -> Int { Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]) }
        while position + 12 <= bytes.count {
            let length = u32(position)
            let type = String(decoding: bytes[(position + 4)..<(position + 8)], as: UTF8.self)
            guard length >= 0, position + 12 + length <= bytes.count else { return nil }
            let chunk = bytes[(position + 8)..<(position + 8 + length)]
            switch type {
            case "IHDR":
                guard length == 13 else { return nil }
                let at = position + 8
                width = u32(at); height = u32(at + 4); depth = Int(bytes[at + 8]); colour = Int(bytes[at + 9])
                guard bytes[at + 12] == 0, RGBImage.isReadable(width: width, height: height) else { return nil }  // not interlaced
            case "PLTE": palette = Array(chunk)
            case "tRNS": alphaOfPalette = Array(chunk)
            case "IDAT": data += chunk
            case "IEND": position = bytes.count; continue
            default: break
            }
            position += 12 + length
        }
        let channels: Int
        switch colour {
        case 0: channels = 1
        case 2: channels = 3
        case 3: channels = 1
        case 4: channels = 2
        case 6: channels = 4
        default: return nil
        }
        guard [1, 2, 4, 8, 16].contains(depth), colour != 3 || !palette.isEmpty else { return nil }
        let rowBytes = (width * channels * depth + 7) / 8
        let bytesPerPixel = max(1, channels * depth / 8)
        var raw = [UInt8](repeating: 0, count: height * (rowBytes + 1))
        var size = uLongf(raw.count)
        let status = raw.withUnsafeMutableBufferPointer { out in
            data.withUnsafeBufferPointer { source in uncompress(out.baseAddress, &size, source.baseAddress, uLong(source.count)) }
        }
        guard status == Z_OK, Int(size) == raw.count else { return nil }
        // Undo each row's filter (ISO 15948 §9) in place.
        var previous = [UInt8](repeating: 0, count: rowBytes)
        var rows = [UInt8](repeating: 0, count: height * rowBytes)
        for y in 0..<height {
            let filter = raw[y * (rowBytes + 1)]
            var row = Array(raw[(y * (rowBytes + 1) + 1)..<((y + 1) * (rowBytes + 1))])
            for i in 0..<rowBytes {
                let left = i >= bytesPerPixel ? Int(row[i - bytesPerPixel]) : 0
                let up = Int(previous[i]), upLeft = i >= bytesPerPixel ? Int(previous[i - bytesPerPixel]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = left
                case 2: predicted = up
                case 3: predicted = (left + up) / 2
                case 4:
                    let p = left + up - upLeft, pa = abs(p - left), pb = abs(p - up), pc = abs(p - upLeft)
                    predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft
                default: return nil
                }
                row[i] = UInt8(truncatingIfNeeded: Int(row[i]) + predicted)
            }
            rows.replaceSubrange((y * rowBytes)..<((y + 1) * rowBytes), with: row)
            previous = row
        }
        // Samples to 8 bits, then to RGB on white.
        func sample(_ y: Int, _ index: Int) -> Int {
            let base = y * rowBytes
            switch depth {
            case 16: return Int(rows[base + index * 2])
            case 8: return Int(rows[base + index])
            default:
                let bit = index * depth, byte = Int(rows[base + bit / 8])
                let value = byte >> (8 - depth - bit % 8) & ((1 << depth) - 1)
                return colour == 3 ? value : value * 255 / ((1 << depth) - 1)
            }
        }
        var pixels = [UInt8](repeating: 255, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                var r: Int, g: Int, b: Int, a = 255
                switch colour {
                case 0: r = sample(y, x); g = r; b = r
                case 2: r = sample(y, x * 3); g = sample(y, x * 3 + 1); b = sample(y, x * 3 + 2)
                case 3:
                    let index = sample(y, x)
                    guard index * 3 + 2 < palette.count else { return nil }
                    r = Int(palette[index * 3]); g = Int(palette[index * 3 + 1]); b = Int(palette[index * 3 + 2])
                    if index < alphaOfPalette.count { a = Int(alphaOfPalette[index]) }
                case 4: r = sample(y, x * 2); g = r; b = r; a = sample(y, x * 2 + 1)
                default: r = sample(y, x * 4); g = sample(y, x * 4 + 1); b = sample(y, x * 4 + 2); a = sample(y, x * 4 + 3)
                }
                let at = (y * width + x) * 3
                pixels[at] = UInt8((r * a + 255 * (255 - a)) / 255)
                pixels[at + 1] = UInt8((g * a + 255 * (255 - a)) / 255)
                pixels[at + 2] = UInt8((b * a + 255 * (255 - a)) / 255)
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }
}
