import Foundation
import HalamjTestSupport
@testable import HubServer
import SyncModel
import HalamjHTTP

enum PushVocabulary {
    static let strings: [String] = [
        "", "hub-43", "soum-4305", "soum-4306", "hub-", "hub-44", "Hub-43", "-soum", "_x", String(repeating: "a", count: 65),
        "cases", "events", "comments", "cases\u{0}", "4305-2026-000001", "4305-2026-000002", "4305-2026-000101",
        "4305-2026-000001\u{0}x", "decision", "status", "doc_passport", "doc_birth", "deleted", "deleted_seen", "phone", "name",
        "approved_amount", "true", "false", "received", "missing", "approved", "closed", "draft", "submitted",
        "hub-43:99999999999999999999", "soum-4305:1,hub-43:1", "soum-4305:18446744073709551615", ":", ",",
        "0.1.0", "Бат", "🦄", "\u{0}", " ", "e\u{301}",
    ]
    static let keys: [String] = [
        "replica", "softwareVersion", "deliveredThrough", "latestCounter", "pendingCount", "oldestPendingSeconds",
        "records", "collection", "id", "office", "fields", "vector", "value", "counter", "wall", "logical",
        "hub-43", "soum-4305", "soum-4306", "deleted", "deleted_seen", "status", "doc_passport", "decision", "", "\u{0}",
    ]
    static let jsonTokens: [String] = [
        "{", "}", "[", "]", "\"", ":", ",", "\\", "\\u0000", "\\ud800", "\\u", "null", "true", "false", "-", "1e999", "0.0",
        "\"records\":[", "\"vector\":{\"hub-43\":18446744073709551615}", "\"counter\":0", "\"counter\":-1",
        "\"latestCounter\":18446744073709551615,", "\"pendingCount\":-9223372036854775808,", "\"replica\":\"soum-4306\",",
        "{\"a\":", "[[[[[[[[", "]]]]]]]]", "\"\u{0}\"", "/*", "//", "\u{FEFF}",
    ]
    static let mutator = JSONMutator(strings: strings, keys: keys)
    static let bytes = ByteMutator(dictionary: jsonTokens, maximumLength: 4 << 20)
}

/// A tree-and-bytes corpus of push bodies, shared by the decoding and handler targets.
struct PushBodyCorpus {
    /// The largest body made (the hub accepts 32 MiB; a few MiB reach every limit in the decoder).
    static let maximumLength = 4 << 20
    var trees: [JSONValue]
    var raw: [[UInt8]]
    var lastTree: JSONValue?

    init(bodies: [[UInt8]]) {
        trees = bodies.compactMap(JSONValue.parse)
        raw = bodies
        precondition(trees.count == bodies.count, "the fuzzer's JSON reader must read every seed")
    }

    /// Three of four mutants are structural (then sometimes also byte-mutated), one in four byte-level.
    /// With `freshIDs`, a quarter of the structural mutants get new record ids (see `withFreshRecordIDs`).
    /// `structural` is the share (percent) of structural mutants; the rest are byte-level, which
    /// mostly makes invalid JSON.
    mutating func generate(_ rng: inout SplitMix64, freshIDs: Bool = false, structural: Int = 75) -> [UInt8] {
        if rng.chance(structural) {
            let original = trees.randomElement(using: &rng)!
            var tree = PushVocabulary.mutator.mutate(original, donors: trees, rng: &rng)
            if freshIDs, rng.chance(25) { tree = tree.withFreshRecordIDs(suffix: "-f" + String(rng.next() % 1_000_000)) }
            var written = tree.bytes(limit: Self.maximumLength)
            if written == nil {
                // Too big (duplications of big values): one mutation of the original instead.
                tree = PushVocabulary.mutator.mutateOnce(original, donors: [], rng: &rng)
                written = tree.bytes(limit: Self.maximumLength)
            }
            guard let bytes = written else {
                lastTree = nil
                return original.bytes
            }
            lastTree = tree
            return rng.chance(structural < 90 ? 12 : 3) ? PushVocabulary.bytes.mutate(bytes, donors: raw, rng: &rng) : bytes
        }
        lastTree = nil
        return PushVocabulary.bytes.mutate(raw.randomElement(using: &rng)!, donors: raw, rng: &rng)
    }

    mutating func keep(_ body: [UInt8]) {
        // Big inputs are made afresh from the big values; keeping them would slow every later mutation.
        guard body.count <= 64 * 1024 else { lastTree = nil; return }
        if raw.count < 512 { raw.append(body) }
        if let tree = lastTree, trees.count < 512 { trees.append(tree) }
        lastTree = nil
    }
}

/// `JSONDecoder` on push bodies: decoding either succeeds with a batch whose records keep their
/// invariants (and which survives a round trip unchanged) or throws; never traps or hangs.
struct DecodeStrategy: FuzzStrategy {
    let target = FuzzTarget.decode
    let seeds: [[UInt8]]
    var corpus: PushBodyCorpus

    init(bodies: [[UInt8]]) {
        seeds = bodies
        corpus = PushBodyCorpus(bodies: bodies)
    }

    mutating func generate(_ rng: inout SplitMix64) -> [UInt8] { corpus.generate(&rng) }
    mutating func keep(_ input: [UInt8]) { corpus.keep(input) }
    var corpusSize: Int { corpus.raw.count }

    static func errorSignature(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "other \(type(of: error))" }
        func keys(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue == nil ? $0.stringValue : "[]" }.joined(separator: ".")
        }
        switch decoding {
        case .dataCorrupted(let context): return "corrupted \(keys(context)) \(context.debugDescription.prefix(40))"
        case .keyNotFound(let key, let context): return "missing \(key.stringValue) at \(keys(context))"
        case .typeMismatch(let type, let context): return "type \(type) at \(keys(context))"
        case .valueNotFound(let type, let context): return "null \(type) at \(keys(context))"
        @unknown default: return "unknown"
        }
    }

    static func checkInvariants(_ push: PushRequest) throws(Finding) {
        for record in push.records {
            for (field, entries) in record.fields {
                guard !entries.isEmpty else { throw Finding("decoded record \(record.id) keeps an empty field \(field)") }
                guard entries.allSatisfy({ record.vector.covers($0.dot) }) else { throw Finding("decoded record \(record.id): vector does not cover \(field)") }
                guard zip(entries, entries.dropFirst()).allSatisfy({ $0.dot < $1.dot }) else {
                    throw Finding("decoded record \(record.id): entries of \(field) not sorted by distinct dots")
                }
            }
        }
    }

    mutating func check(_ input: [UInt8], _ rng: inout SplitMix64) throws(Finding) -> String {
        let push: PushRequest
        do {
            push = try JSONDecoder().decode(PushRequest.self, from: Data(input))
        } catch {
            _ = JSONErrorText.describe(error)  // what the hub puts in its 400
            return Self.errorSignature(error)
        }
        try Self.checkInvariants(push)
        let again: PushRequest
        do {
            again = try JSONDecoder().decode(PushRequest.self, from: JSONEncoder().encode(push))
        } catch {
            throw Finding("a decoded batch does not decode after encoding: \(error)")
        }
        guard again == push else { throw Finding("a decoded batch changes in an encode-decode round trip") }
        return "ok \(min(push.records.count, 3)) records"
    }
}

/// Whole requests through `HubRouter` (push and pull of `SyncRoutes`) on a real hub database:
/// every request is parsed as the connection would, and every outcome must be a 2xx with a
/// well-formed body or an `HTTPError` with a 4xx status. Anything else — another error, which the
/// server answers with 500, or a 5xx — is a finding; a trap kills the process (and is reported).
struct HandlerStrategy: FuzzStrategy {
    let target = FuzzTarget.handler
    var hub: FuzzHub
    /// The hub is made anew every this many inputs: the state stays young (the hub's counter low,
    /// the office's records few), so small mutations of counters still reach past it, and pulls
    /// stay fast. Deterministic, so a replay meets the same state.
    static let hubLifetime = 1_000
    var checked = 0
    let seeds: [[UInt8]]
    var requests: [[UInt8]]
    var bodies: PushBodyCorpus
    var lastWasBody = false
    let mutator = ByteMutator(extra: [Array(FuzzHub.token.utf8)], maximumLength: 1 << 20)
    var handled = 0

    init(hub: FuzzHub, requests: [[UInt8]], bodies: [[UInt8]]) {
        self.hub = hub
        self.requests = requests
        self.bodies = PushBodyCorpus(bodies: bodies)
        seeds = requests + bodies.map { Self.push($0, chunked: false) }
    }

    static func push(_ body: [UInt8], chunked: Bool) -> [UInt8] {
        chunked
            ? SeedCorpus.request("POST", "/v1/sync/push", headers: ["Transfer-Encoding: chunked"], body: SeedCorpus.chunked(body, sizes: [1_000, 3]))
            : SeedCorpus.request("POST", "/v1/sync/push", headers: ["Content-Type: application/json", "Content-Length: \(body.count)"], body: body)
    }

    static let queryValues = ByteMutator.interestingNumbers + ["", "%30", "%00", "1%20", "abc", "%ff", "5&since=6", "1000", "500"]

    mutating func generate(_ rng: inout SplitMix64) -> [UInt8] {
        // Mostly push bodies (the parser and the body decoder have their own targets): mutated
        // structurally, a few at byte level, then framed by Content-Length or chunked.
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<75:
            lastWasBody = true
            return Self.push(bodies.generate(&rng, freshIDs: true, structural: 92), chunked: rng.chance(15))
        case 75..<87:
            lastWasBody = false
            var target = "/v1/sync/pull"
            var parameters: [String] = []
            if rng.chance(70) { parameters.append("since=" + Self.queryValues.randomElement(using: &rng)!) }
            if rng.chance(70) { parameters.append("limit=" + Self.queryValues.randomElement(using: &rng)!) }
            if !parameters.isEmpty { target += "?" + parameters.joined(separator: "&") }
            return SeedCorpus.request("GET", target)
        default:
            lastWasBody = false
            return mutator.mutate(requests.randomElement(using: &rng)!, donors: requests, rng: &rng)
        }
    }

    var corpusSize: Int { requests.count + bodies.raw.count }

    mutating func keep(_ input: [UInt8]) {
        if lastWasBody, case .head(_, let length) = ParseOutcome.of(input, HTTPLimits()) {
            bodies.keep(Array(input[length...]))
        } else if requests.count < 512 {
            requests.append(input)
        }
    }

    /// One request through the router; the signature of what it answered.
    mutating func handle(_ request: HTTPRequest) throws(Finding) -> String {
        handled += 1
        do {
            let response = try hub.router.handle(request)
            guard (200..<300).contains(response.status) else {
                throw Finding("\(request.method) \(request.path) answered \(response.status); only 2xx or a 4xx HTTPError is acceptable")
            }
            do {
                switch request.path {
                case SyncProtocol.pushPath:
                    let answer = try JSONDecoder().decode(PushResponse.self, from: Data(response.body))
                    return "push 200 \(Set(answer.results.map(\.outcome.rawValue)).sorted())"
                case SyncProtocol.pullPath:
                    let page = try JSONDecoder().decode(PullResponse.self, from: Data(response.body))
                    return "pull 200 more=\(page.more)"
                default:
                    return "\(request.path.prefix(12)) \(response.status)"
                }
            } catch {
                throw Finding("\(request.path) answered 200 with a body that does not decode: \(error)")
            }
        } catch let error as HTTPError {
            guard (400..<500).contains(error.status) else {
                throw Finding("\(request.method) \(request.path) threw HTTPError \(error.status) \(error.code): \(error.message)")
            }
            if error.code == "replica-rewound" { hub.forgetReportedCounter() }
            return "\(request.path.prefix(14)) \(error.status) \(error.code) \(error.message.filter { !$0.isNumber }.prefix(90))"
        } catch let finding as Finding {
            throw finding
        } catch {
            throw Finding("\(request.method) \(request.path) threw \(type(of: error)) (the server answers 500): \(error)")
        }
    }

    mutating func check(_ input: [UInt8], _ rng: inout SplitMix64) throws(Finding) -> String {
        checked += 1
        if checked % Self.hubLifetime == 0 {
            do { hub = try FuzzHub() } catch { throw Finding("could not make a new hub database: \(error)") }
        }
        var buffer = input
        var signature = ""
        for _ in 0..<3 {
            let limits = HTTPLimits(maxBodyBytes: HubConfiguration().maxBodyBytes)
            let outcome = ParseOutcome.of(buffer, limits)
            try HTTPChecks.validate(outcome, buffer, limits)
            guard case .head(let head, let length) = outcome else {
                signature += "|\(outcome.signature.prefix(40))"
                break
            }
            let rest = Array(buffer[length...])
            guard let framed = try HTTPChecks.bodyEnd(of: head, in: rest, maxBodyBytes: limits.maxBodyBytes) else {
                signature += "|body-error"
                break
            }
            guard let body = framed else {
                signature += "|body-incomplete"
                break
            }
            signature += "|" + (try handle(HTTPRequest(head: head, body: body.body)))
            guard head.keepAlive, length + body.length < buffer.count else { break }
            buffer = Array(buffer[(length + body.length)...])
        }
        return signature
    }
}
