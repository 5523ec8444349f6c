import HalamjTestSupport
@testable import HubServer
@testable import HalamjHTTP

/// What `parseHead` made of some bytes, comparable between a prefix and the whole.
enum ParseOutcome: Equatable, CustomStringConvertible {
    case incomplete
    case head(HTTPRequestHead, length: Int)
    case error(status: Int, message: String)

    static func of(_ bytes: [UInt8], _ limits: HTTPLimits) -> ParseOutcome {
        do {
            switch try HTTPRequestParser.parseHead(bytes, limits: limits) {
            case .incomplete: return .incomplete
            case .head(let head, let length): return .head(head, length: length)
            }
        } catch {
            return .error(status: error.status, message: error.message)
        }
    }

    var description: String {
        switch self {
        case .incomplete: "incomplete"
        case .head(let head, let length): "head(\(head.method) \(head.target) \(head.version), \(head.framing), \(length) bytes)"
        case .error(let status, let message): "error \(status) (\(message))"
        }
    }
}

enum HTTPChecks {
    /// The statuses the parser documents: 400, 413, 417, 431, 501 (a transfer coding other than
    /// chunked) and 505 (another HTTP version). Anything else is a finding.
    static let parserStatuses: Set<Int> = [400, 413, 417, 431, 501, 505]
    static let chunkedStatuses: Set<Int> = [400, 413, 431]

    static func hasControlBytes(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F }
    }

    /// Everything a strict parser promises about a head it accepted.
    static func validate(_ outcome: ParseOutcome, _ bytes: [UInt8], _ limits: HTTPLimits) throws(Finding) {
        switch outcome {
        case .incomplete:
            if bytes.count >= limits.maxHeaderBytes { throw Finding("incomplete although \(bytes.count) bytes reach the header limit \(limits.maxHeaderBytes)") }
        case .error(let status, _):
            guard parserStatuses.contains(status) else { throw Finding("parseHead threw an undocumented status: \(outcome)") }
        case .head(let head, let length):
            guard length >= 4, length <= bytes.count, Array(bytes[(length - 4)..<length]) == [13, 10, 13, 10] else {
                throw Finding("head length \(length) does not end at a blank line (input \(bytes.count) bytes)")
            }
            guard length <= limits.maxHeaderBytes else { throw Finding("a head of \(length) bytes passed the \(limits.maxHeaderBytes)-byte limit") }
            guard head.headers.count <= limits.maxHeaderCount else { throw Finding("\(head.headers.count) header lines passed the limit \(limits.maxHeaderCount)") }
            guard !head.method.isEmpty, head.method.utf8.allSatisfy(HTTPSyntax.isTokenByte) else { throw Finding("method \(head.method.debugDescription) is not a token") }
            guard head.version == "HTTP/1.1" || head.version == "HTTP/1.0" else { throw Finding("version \(head.version) accepted") }
            guard head.path == "*" ? head.method == "OPTIONS" : head.path.hasPrefix("/") else { throw Finding("path \(head.path.debugDescription) accepted") }
            guard !head.path.utf8.contains(0), !head.query.contains(where: { $0.key.utf8.contains(0) || $0.value.utf8.contains(0) }) else {
                throw Finding("NUL in the decoded path or query")
            }
            for (name, value) in head.headers {
                guard !name.isEmpty, name.utf8.allSatisfy(HTTPSyntax.isTokenByte) else { throw Finding("header name \(name.debugDescription) accepted") }
                guard !hasControlBytes(value) else { throw Finding("control byte in header value \(value.debugDescription)") }
                if let first = value.utf8.first, HTTPSyntax.isWhitespace(first) { throw Finding("header value with leading whitespace") }
                if let last = value.utf8.last, HTTPSyntax.isWhitespace(last) { throw Finding("header value with trailing whitespace") }
            }
            guard head.headers.values("Host").count <= 1 else { throw Finding("two Host headers accepted") }
            let hasLength = head.headers.contains("Content-Length")
            let hasCoding = head.headers.contains("Transfer-Encoding")
            guard !(hasLength && hasCoding) else { throw Finding("both Content-Length and Transfer-Encoding accepted (smuggling)") }
            switch head.framing {
            case .none:
                guard !hasCoding else { throw Finding("Transfer-Encoding present but no body framing") }
            case .contentLength(let count):
                guard count > 0, count <= limits.maxBodyBytes else { throw Finding("Content-Length \(count) accepted with limit \(limits.maxBodyBytes)") }
            case .chunked:
                guard head.version == "HTTP/1.1", hasCoding else { throw Finding("chunked framing without HTTP/1.1 Transfer-Encoding") }
            }
        }
    }

    /// Where the body of `head` ends in `rest`, as the connection would read it: nil when more
    /// bytes are needed; throws a finding for an undocumented chunked-body error.
    static func bodyEnd(of head: HTTPRequestHead, in rest: [UInt8], maxBodyBytes: Int) throws(Finding) -> (body: [UInt8], length: Int)?? {
        switch head.framing {
        case .none: return .some((body: [], length: 0))
        case .contentLength(let count): return rest.count >= count ? .some((body: Array(rest[..<count]), length: count)) : .some(nil)
        case .chunked:
            do {
                return .some(try ChunkedBodyDecoder.decode(rest, maxBodyBytes: maxBodyBytes))
            } catch {
                guard chunkedStatuses.contains(error.status) else { throw Finding("chunked body threw status \(error.status): \(error.message)") }
                return nil
            }
        }
    }
}

/// `parseHead` on whole inputs, on their prefixes (a prefix must parse as incomplete or exactly
/// as the whole: the connection parses whatever has arrived), then each pipelined successor.
struct ParserStrategy: FuzzStrategy {
    let target = FuzzTarget.parser
    let seeds: [[UInt8]]
    var corpus: [[UInt8]]
    let mutator: ByteMutator
    static let smallLimits = HTTPLimits(maxHeaderBytes: 512, maxHeaderCount: 6, maxBodyBytes: 4_096)
    /// The largest input that may be checked at every split.
    static let everySplitUpTo = 1_024
    var prefixParses = 0

    init(requests: [[UInt8]]) {
        seeds = requests
        corpus = requests
        mutator = ByteMutator(extra: [Array(FuzzHub.token.utf8)], maximumLength: 96 * 1024)
    }

    mutating func generate(_ rng: inout SplitMix64) -> [UInt8] {
        mutator.mutate(corpus.randomElement(using: &rng)!, donors: corpus, rng: &rng)
    }

    mutating func keep(_ input: [UInt8]) {
        if corpus.count < 1_024 { corpus.append(input) }
    }

    var corpusSize: Int { corpus.count }

    mutating func check(_ input: [UInt8], _ rng: inout SplitMix64) throws(Finding) -> String {
        let limits = rng.chance(75) ? HTTPLimits() : Self.smallLimits
        let whole = ParseOutcome.of(input, limits)
        try HTTPChecks.validate(whole, input, limits)

        // Every split for one input in 100 (up to 1 KiB, parsing is quadratic then); otherwise the
        // splits that matter to a connection: around the end of the head, a few inside it and
        // after it, and around the header-size limit.
        var splits: [Int] = []
        if input.count <= Self.everySplitUpTo && rng.chance(1) {
            splits = Array(0..<input.count)
        } else if !input.isEmpty {
            var upTo = input.count
            if case .head(_, let length) = whole {
                upTo = length
                splits += [length - 1, length]
                if length < input.count { splits.append(Int.random(in: (length + 1)...input.count, using: &rng)) }
            }
            for _ in 0..<3 { splits.append(Int.random(in: 0..<upTo, using: &rng)) }
            if input.count >= limits.maxHeaderBytes { splits += [limits.maxHeaderBytes - 1, limits.maxHeaderBytes] }
        }
        for split in splits {
            let prefix = Array(input[..<split])
            let part = ParseOutcome.of(prefix, limits)
            prefixParses += 1
            guard part == .incomplete || part == whole else {
                throw Finding("the first \(split) bytes parse as \(part), but the whole input as \(whole)")
            }
        }

        // Pipelined requests, as a keep-alive connection reads them.
        var signature = "\(whole.signature)"
        var offset = 0
        var outcome = whole
        for _ in 0..<4 {
            guard case .head(let head, let length) = outcome else { break }
            let rest = Array(input[(offset + length)...])
            guard let framed = try HTTPChecks.bodyEnd(of: head, in: rest, maxBodyBytes: limits.maxBodyBytes) else {
                signature += "|body-error"
                break
            }
            guard let framedBody = framed else {
                signature += "|body-incomplete"
                break
            }
            offset += length + framedBody.length
            guard offset < input.count, head.keepAlive else { break }
            let next = Array(input[offset...])
            outcome = ParseOutcome.of(next, limits)
            try HTTPChecks.validate(outcome, next, limits)
            signature += "|\(outcome.signature)"
        }
        return signature
    }
}

extension ParseOutcome {
    var signature: String {
        switch self {
        case .incomplete: "incomplete"
        case .head(let head, _): "head \(head.method.prefix(8)) \(head.version) \(head.framing) ka=\(head.keepAlive) ec=\(head.expectsContinue)"
                .replacingOccurrences(of: #"contentLength\(\d+\)"#, with: "contentLength", options: .regularExpression)
        case .error(let status, let message): "error \(status) \(message)"
        }
    }
}

/// `ChunkedBodyDecoder` fed the whole input at once, from a slice that does not start at 0, and
/// in random pieces as a connection receives them: all three must agree, and errors must be
/// 400, 413 or 431.
struct ChunkedStrategy: FuzzStrategy {
    let target = FuzzTarget.chunked
    let seeds: [[UInt8]]
    var corpus: [[UInt8]]
    let mutator: ByteMutator

    init(bodies: [[UInt8]]) {
        seeds = bodies
        corpus = bodies
        mutator = ByteMutator(maximumLength: 256 * 1024)
    }

    mutating func generate(_ rng: inout SplitMix64) -> [UInt8] {
        mutator.mutate(corpus.randomElement(using: &rng)!, donors: corpus, rng: &rng)
    }

    mutating func keep(_ input: [UInt8]) {
        if corpus.count < 1_024 { corpus.append(input) }
    }

    var corpusSize: Int { corpus.count }

    enum Decoded: Equatable, CustomStringConvertible {
        case complete(body: [UInt8], consumed: Int)
        case partial(body: [UInt8], consumed: Int)
        case error(status: Int, message: String)

        var description: String {
            switch self {
            case .complete(let body, let consumed): "complete(\(body.count) body bytes, \(consumed) consumed)"
            case .partial(let body, let consumed): "partial(\(body.count) body bytes, \(consumed) consumed)"
            case .error(let status, let message): "error \(status) (\(message))"
            }
        }
    }

    static func atOnce(_ input: ArraySlice<UInt8>, maxBody: Int, maxTrailer: Int) -> Decoded {
        var decoder = ChunkedBodyDecoder(maxBodyBytes: maxBody, maxTrailerBytes: maxTrailer)
        do {
            let consumed = try decoder.consume(input)
            return decoder.isComplete ? .complete(body: decoder.body, consumed: consumed) : .partial(body: decoder.body, consumed: consumed)
        } catch {
            return .error(status: error.status, message: error.message)
        }
    }

    /// As `Connection.readBody` does it: append what arrived, consume, drop what was consumed.
    static func inPieces(_ input: [UInt8], maxBody: Int, maxTrailer: Int, rng: inout SplitMix64) -> Decoded {
        var decoder = ChunkedBodyDecoder(maxBodyBytes: maxBody, maxTrailerBytes: maxTrailer)
        var buffer: [UInt8] = []
        var offset = 0
        var consumed = 0
        do {
            while offset < input.count {
                let piece = rng.chance(50) ? Int.random(in: 1...8, using: &rng) : Int.random(in: 1...2_048, using: &rng)
                let end = min(input.count, offset + piece)
                buffer += input[offset..<end]
                offset = end
                let used = try decoder.consume(buffer[...])
                buffer.removeFirst(used)
                consumed += used
                if decoder.isComplete { break }
            }
            return decoder.isComplete ? .complete(body: decoder.body, consumed: consumed) : .partial(body: decoder.body, consumed: consumed)
        } catch {
            return .error(status: error.status, message: error.message)
        }
    }

    mutating func check(_ input: [UInt8], _ rng: inout SplitMix64) throws(Finding) -> String {
        let maxBody = rng.chance(70) ? HTTPLimits.defaultMaxBodyBytes : Int.random(in: 0...200, using: &rng)
        let maxTrailer = rng.chance(70) ? HTTPLimits.defaultMaxHeaderBytes : 64
        let whole = Self.atOnce(input[...], maxBody: maxBody, maxTrailer: maxTrailer)
        switch whole {
        case .error(let status, _):
            guard HTTPChecks.chunkedStatuses.contains(status) else { throw Finding("undocumented status: \(whole)") }
        case .complete(let body, let consumed):
            guard body.count <= maxBody else { throw Finding("body of \(body.count) bytes passed the limit \(maxBody)") }
            guard consumed >= 5, consumed <= input.count, Array(input[(consumed - 2)..<consumed]) == [13, 10] else {
                throw Finding("complete after \(consumed) bytes, not at a CRLF")
            }
        case .partial(let body, let consumed):
            guard body.count <= maxBody, consumed <= input.count else { throw Finding("partial: \(whole) of \(input.count) bytes") }
        }
        // The same bytes behind 7 bytes of garbage: the decoder must honour the slice's start index.
        let padded = Array("garbage".utf8) + input
        let shifted = Self.atOnce(padded[7...], maxBody: maxBody, maxTrailer: maxTrailer)
        guard shifted == whole else { throw Finding("from a slice starting at 7: \(shifted); from 0: \(whole)") }
        let pieces = Self.inPieces(input, maxBody: maxBody, maxTrailer: maxTrailer, rng: &rng)
        // A partial decode consumes only whole lines; in pieces it may have consumed less of the
        // last piece, which is the same state: compare bodies for partial results.
        switch (whole, pieces) {
        case (.partial(let a, _), .partial(let b, _)) where a == b: break
        default:
            guard pieces == whole else { throw Finding("in pieces: \(pieces); at once: \(whole)") }
        }
        switch whole {
        case .complete: return "complete"
        case .partial: return "partial"
        case .error(let status, let message): return "error \(status) \(message)"
        }
    }
}
