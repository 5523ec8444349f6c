/// A baseline JPEG (ITU T.81, JFIF) of an `RGBImage`: YCbCr with the chroma halved both
/// ways (4:2:0, as cameras and browsers write), the Annex K tables scaled by `quality`.
public enum JPEGEncoder {
    public static func encode(_ image: RGBImage, quality: Int) -> [UInt8] {
        let luminance = JPEGTables.scaled(JPEGTables.luminance, quality: quality)
        let chrominance = JPEGTables.scaled(JPEGTables.chrominance, quality: quality)
        var out: [UInt8] = [0xFF, 0xD8]
        // JFIF APP0: version 1.1, no density units, 1:1.
        out += [0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]
        out += [0xFF, 0xDB, 0x00, 0x84, 0x00] + JPEGTables.zigZag.map { UInt8(luminance[$0]) }
        out += [0x01] + JPEGTables.zigZag.map { UInt8(chrominance[$0]) }
        out += [0xFF, 0xC0, 0x00, 0x11, 0x08, UInt8(image.height >> 8), UInt8(image.height & 0xFF),
                UInt8(image.width >> 8), UInt8(image.width & 0xFF), 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]
        let tables: [(UInt8, JPEGTables.Huffman)] = [
            (0x00, JPEGTables.dcLuminance), (0x10, JPEGTables.acLuminance), (0x01, JPEGTables.dcChrominance), (0x11, JPEGTables.acChrominance),
        ]
        let length = 2 + tables.reduce(0) { $0 + 17 + $1.1.symbols.count }
        out += [0xFF, 0xC4, UInt8(length >> 8), UInt8(length & 0xFF)]
        for (id, table) in tables { out += [id] + table.counts + table.symbols }
        out += [0xFF, 0xDA, 0x00, 0x0C, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3F, 0x00]
        var writer = BitWriter(out: out)
        var scan = ScanEncoder(luminance: luminance, chrominance: chrominance)
        scan.encode(image, into: &writer)
        writer.flush()
        return writer.out + [0xFF, 0xD9]
    }

    /// The entropy-coded data of one interleaved scan, MCU by MCU (four Y blocks, Cb, Cr).
    struct ScanEncoder {
        let luminance: [Int]
        let chrominance: [Int]
        let dcY = JPEGTables.codes(JPEGTables.dcLuminance), acY = JPEGTables.codes(JPEGTables.acLuminance)
        let dcC = JPEGTables.codes(JPEGTables.dcChrominance), acC = JPEGTables.codes(JPEGTables.acChrominance)
        var predictions = [0, 0, 0]

        mutating func encode(_ image: RGBImage, into writer: inout BitWriter) {
            let width = image.width, height = image.height
            var y = [Double](repeating: 0, count: 256), cb = [Double](repeating: 0, count: 256), cr = [Double](repeating: 0, count: 256)
            var block = [Double](repeating: 0, count: 64)
            image.pixels.withUnsafeBufferPointer { pixels in
                for top in stride(from: 0, to: height, by: 16) {
                    for left in stride(from: 0, to: width, by: 16) {
                        // The 16×16 MCU, edges repeated past the image.
                        for row in 0..<16 {
                            let sy = min(height - 1, top + row)
                            for column in 0..<16 {
                                let sx = min(width - 1, left + column), at = (sy * width + sx) * 3
                                let r = Double(pixels[at]), g = Double(pixels[at + 1]), b = Double(pixels[at + 2])
                                y[row * 16 + column] = 0.299 * r + 0.587 * g + 0.114 * b - 128
                                cb[row * 16 + column] = -0.168736 * r - 0.331264 * g + 0.5 * b
                                cr[row * 16 + column] = 0.5 * r - 0.418688 * g - 0.081312 * b
                            }
                        }
                        for (bx, by) in [(0, 0), (8, 0), (0, 8), (8, 8)] {
                            for row in 0..<8 { for column in 0..<8 { block[row * 8 + column] = y[(by + row) * 16 + bx + column] } }
                            encodeBlock(block, component: 0, into: &writer)
                        }
                        for (component, plane) in [(1, cb), (2, cr)] {
                            for row in 0..<8 {
                                for column in 0..<8 {
                                    let at = row * 32 + column * 2
                                    block[row * 8 + column] = (plane[at] + plane[at + 1] + plane[at + 16] + plane[at + 17]) / 4
                                }
                            }
                            encodeBlock(block, component: component, into: &writer)
                        }
                    }
                }
            }
        }

        mutating func encodeBlock(_ block: [Double], component: Int, into writer: inout BitWriter) {
            let coefficients = DCT.forward(block)
            let table = component == 0 ? luminance : chrominance
            var quantized = [Int](repeating: 0, count: 64)
            for k in 0..<64 {
                let natural = JPEGTables.zigZag[k]
                quantized[k] = Int((coefficients[natural] / Double(table[natural])).rounded())
            }
            let dc = component == 0 ? dcY : dcC, ac = component == 0 ? acY : acC
            let difference = quantized[0] - predictions[component]
            predictions[component] = quantized[0]
            let size = Self.magnitude(difference)
            writer.write(dc[UInt8(size)]!)
            if size > 0 { writer.write(bits: Self.bits(difference, size), count: size) }
            var run = 0
            for k in 1..<64 {
                let value = quantized[k]
                if value == 0 { run += 1; continue }
                while run > 15 {
                    writer.write(ac[0xF0]!)
                    run -= 16
                }
                let size = Self.magnitude(value)
                writer.write(ac[UInt8(run << 4 | size)]!)
                writer.write(bits: Self.bits(value, size), count: size)
                run = 0
            }
            if run > 0 { writer.write(ac[0x00]!) }
        }

        /// The bits needed for |value| (its category).
        static func magnitude(_ value: Int) -> Int {
            var magnitude = value.magnitude, size = 0
            while magnitude > 0 { size += 1; magnitude >>= 1 }
            return size
        }

        /// A value's `size` bits: itself when positive, its one's complement when negative.
        static func bits(_ value: Int, _ size: Int) -> UInt32 {
            UInt32(truncatingIfNeeded: value < 0 ? value + (1 << size) - 1 : value)
        }
    }

    /// Bits most significant first, a 0x00 stuffed after every 0xFF byte.
    struct BitWriter {
        var out: [UInt8]
        var buffer: UInt32 = 0
        var count = 0

        mutating func write(_ code: (code: UInt32, length: Int)) { write(bits: code.code, count: code.length) }

        mutating func write(bits: UInt32, count bitCount: Int) {
            for shift in stride(from: bitCount - 1, through: 0, by: -1) {
                buffer = buffer << 1 | (bits >> UInt32(shift) & 1)
                count += 1
                if count == 8 { emit() }
            }
        }

        private mutating func emit() {
            let byte = UInt8(buffer & 0xFF)
            out.append(byte)
            if byte == 0xFF { out.append(0x00) }
            buffer = 0
            count = 0
        }

        /// Pads the last byte with ones.
        mutating func flush() {
            while count != 0 { write(bits: 1, count: 1) }
        }
    }
}

/// The 8×8 DCT of T.81 A.3.3, separable, on doubles: the forward transform is
/// basis · block · basisᵀ, the inverse basisᵀ · coefficients · basis.
enum DCT {
    static func forward(_ block: [Double]) -> [Double] { transform(block, by: JPEGTables.basis) }

    static func inverse(_ coefficients: [Double]) -> [Double] { transform(coefficients, by: transposedBasis) }

    private static let transposedBasis: [Double] = (0..<64).map { JPEGTables.basis[($0 % 8) * 8 + $0 / 8] }

    /// matrix · block · matrixᵀ: each row, then each column.
    private static func transform(_ block: [Double], by matrix: [Double]) -> [Double] {
        var rows = [Double](repeating: 0, count: 64), out = [Double](repeating: 0, count: 64)
        for row in 0..<8 {
            for i in 0..<8 {
                var sum = 0.0
                for j in 0..<8 { sum += matrix[i * 8 + j] * block[row * 8 + j] }
                rows[row * 8 + i] = sum
            }
        }
        for i in 0..<8 {
            for column in 0..<8 {
                var sum = 0.0
                for j in 0..<8 { sum += matrix[i * 8 + j] * rows[j * 8 + column] }
                out[i * 8 + column] = sum
            }
        }
        return out
    }
}
