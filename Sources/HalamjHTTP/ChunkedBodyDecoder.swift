/// Incremental decoder of a chunked request body (RFC 9112 §7.1); pure, fed whatever bytes have arrived.
public struct ChunkedBodyDecoder: Sendable {
    private enum State: Sendable, Equatable {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailer
        case done
    }

    public private(set) var body: [UInt8] = []
    private var state = State.size
    private var trailerBytes = 0
    public let maxBodyBytes: Int
    /// Trailer fields are read and discarded; they count against this, like a header section.
    public let maxTrailerBytes: Int

    public init(maxBodyBytes: Int = HTTPLimits.defaultMaxBodyBytes, maxTrailerBytes: Int = HTTPLimits.defaultMaxHeaderBytes) {
        self.maxBodyBytes = maxBodyBytes
        self.maxTrailerBytes = maxTrailerBytes
    }

    public var isComplete: Bool { state == .done }

    /// Decodes from the front of `input` and returns how many bytes it consumed.
    /// Stops after the body's final CRLF (later bytes belong to the next request) or before a line
    /// that has not fully arrived; the caller passes those bytes again together with more.
    public mutating func consume(_ input: ArraySlice<UInt8>) throws(HTTPError) -> Int {
        var index = input.startIndex
        decoding: while true {
            switch state {
            case .done:
                break decoding
            case .size:
                guard let lineEnd = try Self.lineEnd(in: input, from: index) else { break decoding }
                let size = try chunkSize(input[index..<lineEnd])
                index = lineEnd + 2
                state = size == 0 ? .trailer : .data(remaining: size)
            case .data(let remaining):
                let count = min(remaining, input.endIndex - index)
                if count == 0 { break decoding }
                body.append(contentsOf: input[index..<(index + count)])
                index += count
                state = count == remaining ? .dataEnd : .data(remaining: remaining - count)
            case .dataEnd:
                let available = input.endIndex - index
                if available >= 1, input[index] != HTTPSyntax.cr { throw .badRequest("Chunk data longer than its size.") }
                if available < 2 { break decoding }
                guard input[index + 1] == HTTPSyntax.lf else { throw .badRequest("Chunk data longer than its size.") }
                index += 2
                state = .size
            case .trailer:
                guard let lineEnd = try Self.lineEnd(in: input, from: index) else { break decoding }
                let line = input[index..<lineEnd]
                trailerBytes += line.count + 2
                if trailerBytes > maxTrailerBytes { throw .headerTooLarge }
                if !line.isEmpty { _ = try HTTPRequestParser.parseFieldLine(line) }
                index = lineEnd + 2
                state = line.isEmpty ? .done : .trailer
            }
        }
        return index - input.startIndex
    }

    /// Decodes a complete chunked body at the start of `bytes`; nil when more bytes are needed.
    public static func decode(_ bytes: [UInt8], maxBodyBytes: Int = HTTPLimits.defaultMaxBodyBytes) throws(HTTPError) -> (body: [UInt8], length: Int)? {
        var decoder = ChunkedBodyDecoder(maxBodyBytes: maxBodyBytes)
        let length = try decoder.consume(bytes[...])
        return decoder.isComplete ? (decoder.body, length) : nil
    }

    /// Index of the CRLF ending the line that starts at `start`, or nil if it has not arrived yet.
    private static func lineEnd(in input: ArraySlice<UInt8>, from start: Int) throws(HTTPError) -> Int? {
        let stop = min(input.endIndex, start + HTTPLimits.maxChunkLineBytes + 2) - 1
        var index = start
        while index < stop {
            if input[index] == HTTPSyntax.cr && input[index + 1] == HTTPSyntax.lf { return index }
            index += 1
        }
        if input.endIndex - start >= HTTPLimits.maxChunkLineBytes + 2 { throw .badRequest("Chunk line too long.") }
        return nil
    }

    /// chunk-size [ chunk-ext ]: hex digits, optionally followed by ";extensions", which are ignored.
    private func chunkSize(_ line: ArraySlice<UInt8>) throws(HTTPError) -> Int {
        var size = 0
        var index = line.startIndex
        while index < line.endIndex, let digit = HTTPSyntax.hexValue(line[index]) {
            size = size * 16 + digit
            // Checked per digit so that a long size can neither overflow nor slip past the cap.
            if size > maxBodyBytes - body.count { throw .payloadTooLarge }
            index += 1
        }
        guard index > line.startIndex else { throw .badRequest("Malformed chunk size.") }
        let extensions = line[index...]
        if !extensions.isEmpty {
            let afterSpace = extensions.drop(while: HTTPSyntax.isWhitespace)
            guard afterSpace.first == UInt8(ascii: ";"), extensions.allSatisfy(HTTPSyntax.isFieldValueByte) else {
                throw .badRequest("Malformed chunk size.")
            }
        }
        return size
    }
}
