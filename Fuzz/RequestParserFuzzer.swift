// libFuzzer harness for the request parser and the chunked body decoder (not a SwiftPM target:
// `bash scripts/fuzz.sh parser 60` builds it with -sanitize=fuzzer,address and runs it).
// A violated expectation calls fatalError, which libFuzzer reports as a crash and saves as crash-*.
import HalamjHTTP
import HubServer

private let documentedStatuses: Set<Int> = [400, 413, 417, 431, 501, 505]
private let smallLimits = HTTPLimits(maxHeaderBytes: 512, maxHeaderCount: 8, maxBodyBytes: 4_096)

private enum Outcome: Equatable {
    case incomplete
    case head(HTTPRequestHead, Int)
    case error(Int, String)
}

private func parse(_ bytes: [UInt8], _ limits: HTTPLimits) -> Outcome {
    do {
        switch try HTTPRequestParser.parseHead(bytes, limits: limits) {
        case .incomplete: return .incomplete
        case .head(let head, let length): return .head(head, length)
        }
    } catch {
        return .error(error.status, error.message)
    }
}

private func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("RequestParserFuzzer: " + message()) }
}

private func check(_ outcome: Outcome, _ bytes: [UInt8], _ limits: HTTPLimits) {
    switch outcome {
    case .incomplete:
        expect(bytes.count < limits.maxHeaderBytes, "incomplete at \(bytes.count) bytes, past the header limit")
    case .error(let status, let message):
        expect(documentedStatuses.contains(status), "undocumented status \(status): \(message)")
    case .head(let head, let length):
        expect(length >= 4 && length <= bytes.count && length <= limits.maxHeaderBytes, "head length \(length) of \(bytes.count)")
        expect(Array(bytes[(length - 4)..<length]) == [13, 10, 13, 10], "head does not end at a blank line")
        expect(head.version == "HTTP/1.1" || head.version == "HTTP/1.0", "version \(head.version)")
        expect(head.path == "*" || head.path.hasPrefix("/"), "path \(head.path)")
        expect(!(head.headers.contains("Content-Length") && head.headers.contains("Transfer-Encoding")), "both framings accepted")
        expect(head.headers.values("Host").count <= 1, "two Host headers accepted")
        for (name, value) in head.headers {
            expect(!name.isEmpty && !value.utf8.contains { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }, "control byte in \(name)")
        }
        switch head.framing {
        case .none: break
        case .contentLength(let count): expect(count > 0 && count <= limits.maxBodyBytes, "Content-Length \(count)")
        case .chunked: expect(head.version == "HTTP/1.1", "chunked on HTTP/1.0")
        }
    }
}

/// The chunked decoder at once and in two pieces (as a connection receives them) must agree.
private func chunkedEnd(_ rest: [UInt8], maxBodyBytes: Int) -> Int? {
    var whole = ChunkedBodyDecoder(maxBodyBytes: maxBodyBytes)
    var wholeResult: Result<Int, HTTPError>
    do { wholeResult = .success(try whole.consume(rest[...])) } catch { wholeResult = .failure(error) }

    var split = ChunkedBodyDecoder(maxBodyBytes: maxBodyBytes)
    var buffer = Array(rest.prefix(rest.count / 2))
    var consumed = 0
    var splitError: HTTPError?
    do {
        let used = try split.consume(buffer[...])
        buffer.removeFirst(used)
        consumed += used
        if !split.isComplete {
            buffer += rest[(rest.count / 2)...]
            consumed += try split.consume(buffer[...])
        }
    } catch {
        splitError = error
    }
    switch wholeResult {
    case .failure(let error):
        expect([400, 413, 431].contains(error.status), "chunked status \(error.status)")
        expect(splitError?.status == error.status, "chunked: at once \(error.status), in pieces \(String(describing: splitError?.status))")
        return nil
    case .success(let used):
        expect(splitError == nil, "chunked: at once fine, in pieces \(String(describing: splitError))")
        expect(whole.isComplete == split.isComplete && whole.body == split.body, "chunked: at once and in pieces differ")
        expect(whole.body.count <= maxBodyBytes, "chunked body past its limit")
        if whole.isComplete { expect(used == consumed, "chunked: consumed \(used) at once, \(consumed) in pieces") }
        return whole.isComplete ? used : nil
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    // libFuzzer's inputs are short (-max_len): odd sizes use small limits so the limits are reached.
    let limits = size % 2 == 0 ? HTTPLimits() : smallLimits
    var bytes = input
    for _ in 0..<4 {
        let whole = parse(bytes, limits)
        check(whole, bytes, limits)
        // A prefix parses as incomplete or exactly as the whole.
        var splits = [bytes.count / 2, bytes.count / 3]
        if case .head(_, let length) = whole { splits += [length - 1, length] }
        for split in splits where split >= 0 && split <= bytes.count {
            let part = parse(Array(bytes[..<split]), limits)
            expect(part == .incomplete || part == whole, "prefix of \(split) bytes differs from the whole")
        }
        guard case .head(let head, let length) = whole else { break }
        let rest = Array(bytes[length...])
        var bodyLength = 0
        switch head.framing {
        case .none: break
        case .contentLength(let count):
            guard rest.count >= count else { return 0 }
            bodyLength = count
        case .chunked:
            guard let used = chunkedEnd(rest, maxBodyBytes: limits.maxBodyBytes) else { return 0 }
            bodyLength = used
        }
        guard head.keepAlive, length + bodyLength < bytes.count else { break }
        bytes = Array(bytes[(length + bodyLength)...])
    }
    return 0
}
