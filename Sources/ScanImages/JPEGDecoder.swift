/// Baseline and extended sequential Huffman JPEG (T.81 SOF0/SOF1, 8-bit), grayscale or
/// YCbCr with any sampling, interleaved or one scan per component, with restart markers,
/// and the EXIF orientation a camera wrote. Anything else (progressive, arithmetic, 12-bit,
/// CMYK) is `nil`: the file is then kept as it came.
public enum JPEGDecoder {
    public struct Decoded: Sendable {
        public let image: RGBImage
        /// The EXIF orientation (1 when none is given).
        public let orientation: Int
    }

    public static func decode(_ bytes: [UInt8]) -> Decoded? {
        var parser = Parser(bytes: bytes)
        return parser.run()
    }

    struct Component {
        let id: UInt8
        let h: Int
        let v: Int
        let table: Int
        var blocksWide = 0
        var blocksHigh = 0
        /// Samples, `blocksWide * 8` by `blocksHigh * 8`.
        var samples: [UInt8] = []
        var dcTable = 0
        var acTable = 0
        var prediction = 0
    }

    struct HuffmanTable {
        var maxCode = [Int](repeating: -1, count: 18)
        var valueOffset = [Int](repeating: 0, count: 18)
        var symbols: [UInt8] = []

        init?(counts: ArraySlice<UInt8>, symbols: [UInt8]) {
            guard counts.count == 16 else { return nil }
            self.symbols = symbols
            var code = 0, index = 0
            for (offset, count) in counts.enumerated() {
                let length = offset + 1
                valueOffset[length] = index - code
                code += Int(count)
                index += Int(count)
                maxCode[length] = Int(count) > 0 ? code - 1 : -1
                code <<= 1
            }
            guard index == symbols.count else { return nil }
        }
    }

    struct Parser {
        let bytes: [UInt8]
        var position = 2
        var quantization = [[Int]](repeating: [Int](repeating: 1, count: 64), count: 4)
        var dcTables = [HuffmanTable?](repeating: nil, count: 4)
        var acTables = [HuffmanTable?](repeating: nil, count: 4)
        var components: [Component] = []
        var width = 0, height = 0
        var maxH = 1, maxV = 1
        var restartInterval = 0
        var orientation = 1
        var adobeTransform: Int?

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func run() -> Decoded? {
            guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
            var scanned = false
            while position + 4 <= bytes.count {
                guard bytes[position] == 0xFF else { return nil }
                let marker = bytes[position + 1]
                position += 2
                if marker == 0xFF { position -= 1; continue }  // fill byte
                if marker == 0xD9 { break }
                if (0xD0...0xD7).contains(marker) || marker == 0x01 { continue }
                guard position + 2 <= bytes.count else { return nil }
                let length = Int(bytes[position]) << 8 | Int(bytes[position + 1])
                guard length >= 2, position + length <= bytes.count else { return nil }
                let segment = bytes[(position + 2)..<(position + length)]
                position += length
                switch marker {
                case 0xDB: guard readQuantization(segment) else { return nil }
                case 0xC4: guard readHuffman(segment) else { return nil }
                case 0xC0, 0xC1: guard readFrame(segment) else { return nil }
                case 0xC2, 0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF: return nil  // progressive, lossless, arithmetic
                case 0xDD: guard segment.count >= 2 else { return nil }; restartInterval = Int(segment[segment.startIndex]) << 8 | Int(segment[segment.startIndex + 1])
                case 0xE1: orientation = ExifOrientation.read(segment) ?? orientation
                case 0xEE: if segment.count >= 12, segment.starts(with: Array("Adobe".utf8)) { adobeTransform = Int(segment[segment.startIndex + 11]) }
                case 0xDA:
                    guard !components.isEmpty, readScan(segment) else { return nil }
                    scanned = true
                default: break
                }
            }
            guard scanned else { return nil }
            return Decoded(image: colour(), orientation: orientation)
        }

        mutating func readQuantization(_ segment: ArraySlice<UInt8>) -> Bool {
            var index = segment.startIndex
            while index < segment.endIndex {
                let precision = Int(segment[index] >> 4), id = Int(segment[index] & 0x0F)
                index += 1
                let size = precision == 0 ? 64 : 128
                guard id < 4, index + size <= segment.endIndex else { return false }
                var table = [Int](repeating: 1, count: 64)
                for k in 0..<64 {
                    let value = precision == 0 ? Int(segment[index + k]) : Int(segment[index + 2 * k]) << 8 | Int(segment[index + 2 * k + 1])
                    table[k] = value  // zig-zag order, as coefficients arrive
                }
                quantization[id] = table
                index += size
            }
            return true
        }

        mutating func readHuffman(_ segment: ArraySlice<UInt8>) -> Bool {
            var index = segment.startIndex
            while index < segment.endIndex {
                guard index + 17 <= segment.endIndex else { return false }
                let kind = Int(segment[index] >> 4), id = Int(segment[index] & 0x0F)
                let counts = segment[(index + 1)..<(index + 17)]
                let total = counts.reduce(0) { $0 + Int($1) }
                guard id < 4, kind < 2, index + 17 + total <= segment.endIndex,
                      let table = HuffmanTable(counts: counts, symbols: Array(segment[(index + 17)..<(index + 17 + total)])) else { return false }
                if kind == 0 { dcTables[id] = table } else { acTables[id] = table }
                index += 17 + total
            }
            return true
        }

        mutating func readFrame(_ segment: ArraySlice<UInt8>) -> Bool {
            let s = Array(segment)
            guard s.count >= 6, s[0] == 8 else { return false }
            height = Int(s[1]) << 8 | Int(s[2])
            width = Int(s[3]) << 8 | Int(s[4])
            let count = Int(s[5])
            guard RGBImage.isReadable(width: width, height: height), count == 1 || count == 3, s.count >= 6 + 3 * count else { return false }
            components = (0..<count).map { index in
                let at = 6 + 3 * index
                return Component(id: s[at], h: max(1, Int(s[at + 1] >> 4)), v: max(1, Int(s[at + 1] & 0x0F)), table: Int(s[at + 2] & 3))
            }
            maxH = components.map(\.h).max()!
            maxV = components.map(\.v).max()!
            let mcusWide = (width + 8 * maxH - 1) / (8 * maxH), mcusHigh = (height + 8 * maxV - 1) / (8 * maxV)
            for index in components.indices {
                components[index].blocksWide = mcusWide * components[index].h
                components[index].blocksHigh = mcusHigh * components[index].v
                components[index].samples = [UInt8](repeating: 128, count: components[index].blocksWide * components[index].blocksHigh * 64)
            }
            return true
        }

        mutating func readScan(_ segment: ArraySlice<UInt8>) -> Bool {
            let s = Array(segment)
            guard let count = s.first.map(Int.init), count >= 1, s.count >= 1 + 2 * count + 3 else { return false }
            var scanComponents: [Int] = []
            for index in 0..<count {
                guard let component = components.firstIndex(where: { $0.id == s[1 + 2 * index] }) else { return false }
                components[component].dcTable = Int(s[2 + 2 * index] >> 4) & 3
                components[component].acTable = Int(s[2 + 2 * index] & 0x0F) & 3
                components[component].prediction = 0
                scanComponents.append(component)
            }
            var reader = BitReader(bytes: bytes, position: position)
            let mcusWide = (width + 8 * maxH - 1) / (8 * maxH), mcusHigh = (height + 8 * maxV - 1) / (8 * maxV)
            // One component alone is coded block by block over its own size, not by MCU.
            let single = scanComponents.count == 1
            let first = components[scanComponents[0]]
            let unitsWide = single ? ((width * first.h + maxH - 1) / maxH + 7) / 8 : mcusWide
            let unitsHigh = single ? ((height * first.v + maxV - 1) / maxV + 7) / 8 : mcusHigh
            var coefficients = [Int](repeating: 0, count: 64)
            var done = 0
            for unitY in 0..<unitsHigh {
                for unitX in 0..<unitsWide {
                    if restartInterval > 0, done > 0, done % restartInterval == 0 {
                        reader.restart()
                        for index in components.indices { components[index].prediction = 0 }
                    }
                    for component in scanComponents {
                        let (h, v) = single ? (1, 1) : (components[component].h, components[component].v)
                        for by in 0..<v {
                            for bx in 0..<h {
                                guard decodeBlock(component, &coefficients, &reader) else { return false }
                                let blockX = unitX * h + bx, blockY = unitY * v + by
                                store(coefficients, component: component, blockX: blockX, blockY: blockY)
                            }
                        }
                    }
                    done += 1
                }
            }
            position = reader.end()
            return true
        }

        mutating func decodeBlock(_ index: Int, _ coefficients: inout [Int], _ reader: inout BitReader) -> Bool {
            guard let dc = dcTables[components[index].dcTable], let ac = acTables[components[index].acTable] else { return false }
            let quant = quantization[components[index].table]
            for k in 0..<64 { coefficients[k] = 0 }
            guard let t = reader.decode(dc), t <= 16 else { return false }
            components[index].prediction += reader.receiveExtend(Int(t))
            coefficients[0] = components[index].prediction * quant[0]
            var k = 1
            while k < 64 {
                guard let rs = reader.decode(ac) else { return false }
                let run = Int(rs >> 4), size = Int(rs & 0x0F)
                if size == 0 {
                    if run == 15 { k += 16; continue }
                    break
                }
                k += run
                guard k < 64 else { return false }
                coefficients[JPEGTables.zigZag[k]] = reader.receiveExtend(size) * quant[k]
                k += 1
            }
            return true
        }

        mutating func store(_ coefficients: [Int], component: Int, blockX: Int, blockY: Int) {
            let blocksWide = components[component].blocksWide
            guard blockX < blocksWide, blockY < components[component].blocksHigh else { return }
            let samples = DCT.inverse(coefficients.map(Double.init))
            let stride = blocksWide * 8
            for y in 0..<8 {
                let row = (blockY * 8 + y) * stride + blockX * 8
                for x in 0..<8 {
                    components[component].samples[row + x] = UInt8(max(0, min(255, (samples[y * 8 + x] + 128).rounded())))
                }
            }
        }

        /// The planes as RGB, each component sampled at its own resolution.
        func colour() -> RGBImage {
            var pixels = [UInt8](repeating: 0, count: width * height * 3)
            // A 3-component file is YCbCr unless Adobe's marker says it holds RGB as is.
            let ycc = components.count == 3 && adobeTransform != 0
            let first = components[0]
            let second = components.count == 3 ? components[1] : first, third = components.count == 3 ? components[2] : first
            func sample(_ component: Component, _ x: Int, _ y: Int) -> Double {
                Double(component.samples[(y * component.v / maxV) * component.blocksWide * 8 + x * component.h / maxH])
            }
            for y in 0..<height {
                for x in 0..<width {
                    let at = (y * width + x) * 3
                    let a = sample(first, x, y)
                    if components.count == 1 {
                        let gray = UInt8(a)
                        pixels[at] = gray; pixels[at + 1] = gray; pixels[at + 2] = gray
                        continue
                    }
                    let b = sample(second, x, y), c = sample(third, x, y)
                    if ycc {
                        pixels[at] = Self.clamp(a + 1.402 * (c - 128))
                        pixels[at + 1] = Self.clamp(a - 0.344136 * (b - 128) - 0.714136 * (c - 128))
                        pixels[at + 2] = Self.clamp(a + 1.772 * (b - 128))
                    } else {
                        pixels[at] = UInt8(a); pixels[at + 1] = UInt8(b); pixels[at + 2] = UInt8(c)
                    }
                }
            }
            return RGBImage(width: width, height: height, pixels: pixels)
        }

        static func clamp(_ value: Double) -> UInt8 { UInt8(max(0, min(255, value.rounded()))) }
    }

    /// The entropy-coded bytes: 0xFF 0x00 is a 0xFF of data; any other marker ends the
    /// data (zeros are read past it, and the scan's length is where it stands).
    struct BitReader {
        let bytes: [UInt8]
        var position: Int
        var buffer: UInt32 = 0
        var count = 0

        mutating func bit() -> Int {
            if count == 0 {
                var byte: UInt8 = 0
                if position < bytes.count {
                    byte = bytes[position]
                    if byte == 0xFF {
                        let next = position + 1 < bytes.count ? bytes[position + 1] : 0xD9
                        if next == 0x00 { position += 2 } else { byte = 0 }  // a marker: stay before it
                    } else {
                        position += 1
                    }
                }
                buffer = UInt32(byte)
                count = 8
            }
            count -= 1
            return Int(buffer >> UInt32(count) & 1)
        }

        mutating func bits(_ n: Int) -> Int {
            var value = 0
            for _ in 0..<n { value = value << 1 | bit() }
            return value
        }

        mutating func decode(_ table: HuffmanTable) -> UInt8? {
            var code = bit()
            for length in 1...16 {
                if table.maxCode[length] >= code {
                    let index = table.valueOffset[length] + code
                    return table.symbols.indices.contains(index) ? table.symbols[index] : nil
                }
                code = code << 1 | bit()
            }
            return nil
        }

        /// `size` bits as a signed value (T.81 F.2.2.1 EXTEND).
        mutating func receiveExtend(_ size: Int) -> Int {
            guard size > 0 else { return 0 }
            let value = bits(size)
            return value < 1 << (size - 1) ? value - (1 << size) + 1 : value
        }

        /// At a restart interval: drop the byte's remaining bits and the RSTn marker.
        mutating func restart() {
            count = 0
            while position + 1 < bytes.count, !(bytes[position] == 0xFF && (0xD0...0xD7).contains(bytes[position + 1])) {
                position += 1
            }
            if position + 1 < bytes.count { position += 2 }
        }

        /// Where the next marker starts, after the scan's data.
        func end() -> Int {
            var at = position
            while at + 1 < bytes.count, !(bytes[at] == 0xFF && bytes[at + 1] != 0x00 && !(0xD0...0xD7).contains(bytes[at + 1])) {
                at += 1
            }
            return at
        }
    }
}
