import HalamjTestSupport

/// Byte-level mutations: bit flips, interesting bytes, insertions, deletions, duplications,
/// splices, dictionary tokens (HTTP syntax, huge numbers, UTF-8 garbage) and blow-ups.
struct ByteMutator {
    /// Tokens worth inserting or overwriting with; the caller adds its own (e.g. the office token).
    var dictionary: [[UInt8]]
    /// The largest input a mutation may produce.
    var maximumLength: Int

    init(dictionary: [String] = ByteMutator.httpDictionary, extra: [[UInt8]] = [], maximumLength: Int = 1 << 20) {
        self.dictionary = dictionary.map { Array($0.utf8) } + ByteMutator.garbage + extra
        self.maximumLength = maximumLength
    }

    static let interestingBytes: [UInt8] = [
        0x00, 0xFF, 0x7F, 0x80, 0x0D, 0x0A, 0x20, 0x09, 0x3A, 0x2C, 0x3B, 0x3D, 0x25, 0x3F, 0x26, 0x22, 0x5C,
        0x7B, 0x7D, 0x5B, 0x5D, 0x30, 0x39, 0x61, 0x66, 0x46, 0x2D, 0x2E, 0x2F, 0x2A, 0xC0, 0xE2, 0xF0,
    ]

    /// Numbers for Content-Length, chunk sizes, counters and query values.
    static let interestingNumbers: [String] = [
        "0", "1", "-1", "00", "000000000000000000000000001", "4294967295", "4294967296", "2147483648",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "18446744073709551616", "99999999999999999999999999", "67108864", "67108865",
        "33554432", "1000", "1001", "7FFFFFFFFFFFFFFF", "8000000000000000", "FFFFFFFFFFFFFFFFF", "ffffffff",
        "1e308", "1e309", "-0", "0.5", "1E2", "0x10", "+1", " 1", "1 ", "١", "٣",
    ]

    static let httpDictionary: [String] = [
        "\r\n", "\r\n\r\n", "\n", "\r", "\n\n", ":", ": ", " ", "  ", "\t", "\u{0}", ",", ";", "=", "&", "?", "%", "/", "*",
        "Content-Length: ", "Content-Length: 0\r\n", "Content-Length: 5, 5\r\n", "Content-Length: 5, 6\r\n",
        "Content-Length: 18446744073709551616\r\n", "Content-Length: -1\r\n", "Content-Length: 99999999999999999\r\n",
        "Content-Length : 3\r\n", "Content-Length:\r\n",
        "Transfer-Encoding: chunked\r\n", "Transfer-Encoding: gzip, chunked\r\n", "Transfer-Encoding: chunked, chunked\r\n",
        "Transfer-Encoding: identity\r\n", "Transfer-Encoding:\r\n", "Transfer-Encoding: CHUNKED\r\n", " chunked",
        "Expect: 100-continue\r\n", "Expect: 100-Continue, foo\r\n", "Expect: \r\n", "Expect: 200-ok\r\n",
        "Connection: close\r\n", "Connection: keep-alive\r\n", "Connection: keep-alive, close\r\n",
        "Host: a\r\n", "Host: b\r\n", " \tHost: folded\r\n", "X: \u{1}\r\n", "X: \u{7F}\r\n",
        "HTTP/1.0", "HTTP/1.1", "HTTP/2.0", "HTTP/1.10", "HTTP/9.9", "http/1.1", "HTTP/1.1 ",
        "GET ", "POST ", "OPTIONS * ", "PUT ", "G\u{0}T ", "http://", "https://", "http://h", "HTTP://H/",
        "%00", "%zz", "%ff", "%C3%A9", "%E2%82", "%2F", "%25", "?since=", "&limit=", "since=-1", "limit=0",
        "0\r\n\r\n", "0\r\nX: y\r\n\r\n", "5\r\nhello\r\n", "ffffffffffffffff\r\n", "FFFFFFFFFFFFFFFFFF",
        ";ext=1", "; ext=\"q\"", "0;\r\n\r\n", "\r\n0\r\n\r\n",
        "Authorization: Bearer ", "Authorization: Basic \r\n", "Bearer  ", "Halamj-Protocol: 2\r\n", "Halamj-Protocol: 1\r\n",
        "/v1/sync/push", "/v1/sync/pull", "/v1/status", "/metrics", "/office/soum-4305", "/",
    ]

    /// Invalid or awkward UTF-8.
    static let garbage: [[UInt8]] = [
        [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF, 0xFE], [0x80], [0xE2, 0x82],
        [0xF0, 0x9F, 0x98], [0xEF, 0xBB, 0xBF], [0xC3, 0xA9], [0xD0, 0x91, 0xD0, 0xB0], [0xF0, 0x9D, 0x84, 0x9E],
    ]

    func mutate(_ input: [UInt8], donors: [[UInt8]], rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        let rounds = rng.chance(60) ? 1 : Int.random(in: 2...6, using: &rng)
        for _ in 0..<rounds { mutateOnce(&bytes, donors: donors, rng: &rng) }
        if bytes.count > maximumLength { bytes.removeLast(bytes.count - maximumLength) }
        return bytes
    }

    private func position(_ bytes: [UInt8], _ rng: inout SplitMix64) -> Int {
        bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &rng)
    }

    private func range(_ bytes: [UInt8], _ rng: inout SplitMix64, longest: Int) -> Range<Int>? {
        guard !bytes.isEmpty else { return nil }
        let start = Int.random(in: 0..<bytes.count, using: &rng)
        let length = Int.random(in: 1...max(1, min(longest, bytes.count - start)), using: &rng)
        return start..<(start + length)
    }

    func mutateOnce(_ bytes: inout [UInt8], donors: [[UInt8]], rng: inout SplitMix64) {
        switch Int.random(in: 0..<17, using: &rng) {
        case 0:  // flip a bit
            guard !bytes.isEmpty else { break }
            let index = Int.random(in: 0..<bytes.count, using: &rng)
            bytes[index] ^= 1 << UInt8.random(in: 0...7, using: &rng)
        case 1:  // an interesting byte
            guard !bytes.isEmpty else { break }
            bytes[Int.random(in: 0..<bytes.count, using: &rng)] = ByteMutator.interestingBytes.randomElement(using: &rng)!
        case 2:  // insert random bytes
            let count = Int.random(in: 1...8, using: &rng)
            bytes.insert(contentsOf: (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: position(bytes, &rng))
        case 3:  // delete a range
            if let range = range(bytes, &rng, longest: rng.chance(80) ? 16 : 4096) { bytes.removeSubrange(range) }
        case 4:  // duplicate a range
            if let range = range(bytes, &rng, longest: 64) {
                let copy = Array(bytes[range])
                bytes.insert(contentsOf: copy, at: position(bytes, &rng))
            }
        case 5, 6:  // insert a dictionary token
            bytes.insert(contentsOf: dictionary.randomElement(using: &rng)!, at: position(bytes, &rng))
        case 7:  // overwrite with a dictionary token
            let token = dictionary.randomElement(using: &rng)!
            let at = position(bytes, &rng)
            bytes.replaceSubrange(at..<min(bytes.count, at + token.count), with: token)
        case 8:  // splice with another input
            guard let donor = donors.randomElement(using: &rng), !donor.isEmpty else { break }
            let cut = position(bytes, &rng)
            let from = Int.random(in: 0..<donor.count, using: &rng)
            bytes = Array(bytes[..<cut]) + Array(donor[from...])
        case 9:  // replace a run of digits (or hex digits) with an interesting number
            replaceNumber(&bytes, &rng)
        case 10:  // truncate
            if !bytes.isEmpty { bytes.removeLast(Int.random(in: 1...bytes.count, using: &rng)) }
        case 11:  // line endings: CRLF to LF, CR, or doubled
            if let crlf = crlfPositions(bytes).randomElement(using: &rng) {
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes.remove(at: crlf)
                case 1: bytes.remove(at: crlf + 1)
                case 2: bytes.insert(contentsOf: [0x0D, 0x0A], at: crlf)
                default: bytes.insert(contentsOf: [0x20], at: crlf + 2)
                }
            }
        case 12:  // UTF-8 garbage
            bytes.insert(contentsOf: ByteMutator.garbage.randomElement(using: &rng)!, at: position(bytes, &rng))
        case 13:  // flip the case of a letter
            let letters = ByteMutator.positions(in: bytes) { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
            if let index = letters.randomElement(using: &rng) { bytes[index] ^= 0x20 }
        case 14:  // duplicate a whole line (a repeated header)
            let ends = crlfPositions(bytes)
            if ends.count >= 2 {
                let which = Int.random(in: 0..<(ends.count - 1), using: &rng)
                let line = Array(bytes[(ends[which] + 2)..<(ends[which + 1] + 2)])
                let times = rng.chance(90) ? 1 : Int.random(in: 2...200, using: &rng)
                for _ in 0..<times { bytes.insert(contentsOf: line, at: ends[which + 1] + 2) }
            }
        case 15:  // blow up: a small range repeated many times
            if let range = range(bytes, &rng, longest: 8) {
                let copy = Array(bytes[range])
                let times = [16, 1000, 4096, 17_000, 70_000].randomElement(using: &rng)!
                let fitting = min(times, (maximumLength - bytes.count) / copy.count)
                guard fitting > 0 else { break }
                var blown: [UInt8] = []
                blown.reserveCapacity(fitting * copy.count)
                for _ in 0..<fitting { blown.append(contentsOf: copy) }
                bytes.insert(contentsOf: blown, at: range.upperBound)
            }
        default:  // an interesting byte inserted
            bytes.insert(ByteMutator.interestingBytes.randomElement(using: &rng)!, at: position(bytes, &rng))
        }
    }

    /// Where a CR is followed by LF. (Loops over unsafe buffers: the tests build without optimisation.)
    private func crlfPositions(_ bytes: [UInt8]) -> [Int] {
        guard bytes.count >= 2 else { return [] }
        var result: [Int] = []
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let last = buffer.count - 1
            while index < last {
                if buffer[index] == 0x0D && buffer[index + 1] == 0x0A { result.append(index) }
                index += 1
            }
        }
        return result
    }

    static func positions(in bytes: [UInt8], where matches: (UInt8) -> Bool) -> [Int] {
        var result: [Int] = []
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                if matches(buffer[index]) { result.append(index) }
                index += 1
            }
        }
        return result
    }

    private func replaceNumber(_ bytes: inout [UInt8], _ rng: inout SplitMix64) {
        let isDigit = { (b: UInt8) in (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b) }
        var runs: [Range<Int>] = []
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                guard buffer[index] >= 0x30 && buffer[index] <= 0x39 else { index += 1; continue }
                var end = index
                while end < buffer.count, isDigit(buffer[end]) { end += 1 }
                runs.append(index..<end)
                index = end
            }
        }
        guard let run = runs.randomElement(using: &rng) else { return }
        bytes.replaceSubrange(run, with: Array(ByteMutator.interestingNumbers.randomElement(using: &rng)!.utf8))
    }
}
