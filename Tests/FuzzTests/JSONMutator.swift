
// No imports: Fuzz/PushBodyFuzzer.swift (libFuzzer) compiles this file too.

extension RandomNumberGenerator {
    /// True with probability `percent` / 100.
    mutating func percentChance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &self) < percent }
}

/// A JSON document as the fuzzer handles it: numbers keep their text (so "1e309" or
/// "18446744073709551616" survive), objects keep their order and may repeat a key, and
/// `raw` is text written as it is (deep nesting, lone surrogate escapes).
indirect enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])
    case raw(String)

    // MARK: reading (the seeds, which JSONEncoder wrote)

    static func parse(_ bytes: [UInt8]) -> JSONValue? {
        var reader = Reader(bytes: bytes)
        guard let value = reader.value() else { return nil }
        reader.skipSpace()
        return reader.index == bytes.count ? value : nil
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func literal(_ text: String) -> Bool {
            let expected = Array(text.utf8)
            guard bytes.count - index >= expected.count, Array(bytes[index..<(index + expected.count)]) == expected else { return false }
            index += expected.count
            return true
        }

        mutating func value() -> JSONValue? {
            skipSpace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "\""): return string().map { .string($0) }
            case UInt8(ascii: "["):
                index += 1
                var elements: [JSONValue] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array([]) }
                while true {
                    guard let element = value() else { return nil }
                    elements.append(element)
                    skipSpace()
                    guard index < bytes.count else { return nil }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
                    return nil
                }
            case UInt8(ascii: "{"):
                index += 1
                var members: [(key: String, value: JSONValue)] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object([]) }
                while true {
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else { return nil }
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
                    index += 1
                    guard let member = value() else { return nil }
                    members.append((key, member))
                    skipSpace()
                    guard index < bytes.count else { return nil }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                    return nil
                }
            default:
                let start = index
                while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
                return index > start ? .number(String(decoding: bytes[start..<index], as: UTF8.self)) : nil
            }
        }

        mutating func string() -> String? {
            index += 1
            var scalars = String.UnicodeScalarView()
            var pending: [UInt8] = []
            func flush() {
                scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
                pending.removeAll()
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    flush()
                    return String(scalars)
                }
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    flush()
                    let escape = bytes[index + 1]
                    index += 2
                    switch escape {
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "b"): scalars.append("\u{8}")
                    case UInt8(ascii: "f"): scalars.append("\u{C}")
                    case UInt8(ascii: "u"):
                        guard index + 4 <= bytes.count,
                              var code = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) else { return nil }
                        index += 4
                        if (0xD800..<0xDC00).contains(code), index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                           let low = UInt32(String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16),
                           (0xDC00..<0xE000).contains(low) {
                            index += 6
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    default: scalars.append(Unicode.Scalar(escape))
                    }
                    continue
                }
                pending.append(byte)
                index += 1
            }
            return nil
        }
    }

    // MARK: writing

    var bytes: [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    /// The text, or nil once it would pass `limit` bytes (repeated duplications can make
    /// documents of gigabytes).
    func bytes(limit: Int) -> [UInt8]? {
        var out: [UInt8] = []
        write(to: &out, limit: limit)
        return out.count > limit ? nil : out
    }

    func write(to out: inout [UInt8], limit: Int = .max) {
        guard out.count <= limit else { return }
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .raw(let text): out.append(contentsOf: text.utf8)
        case .string(let text): JSONValue.writeString(text, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                element.write(to: &out, limit: limit)
                if out.count > limit { return }
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (offset, member) in members.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                member.value.write(to: &out, limit: limit)
                if out.count > limit { return }
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ text: String, to out: inout [UInt8]) {
        var text = text
        out.append(UInt8(ascii: "\""))
        text.withUTF8 { utf8 in
            // Unsafe loops: the tests build without optimisation, and strings may be a megabyte long.
            var plain = true
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                if byte < 0x20 || byte == 0x22 || byte == 0x5C { plain = false; break }
                index += 1
            }
            if plain {
                out.append(contentsOf: utf8)
                return
            }
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): out += [0x5C, 0x22]
                case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
                case 0x00..<0x20:
                    out += [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A push body whose records all get `suffix` appended to their ids: the hub is stateful, and a
    /// shape sent under fresh ids meets no earlier copy that already absorbed it.
    func withFreshRecordIDs(suffix: String) -> JSONValue {
        guard case .object(var members) = self else { return self }
        for index in members.indices where members[index].key == "records" {
            guard case .array(var records) = members[index].value else { continue }
            for recordIndex in records.indices {
                guard case .object(var fields) = records[recordIndex] else { continue }
                for fieldIndex in fields.indices where fields[fieldIndex].key == "id" {
                    if case .string(let id) = fields[fieldIndex].value { fields[fieldIndex].value = .string(id + suffix) }
                }
                records[recordIndex] = .object(fields)
            }
            members[index].value = .array(records)
        }
        return .object(members)
    }

    // MARK: paths

    /// Every node, as the list of child positions leading to it (the root is []).
    func paths(prefix: [Int] = [], into result: inout [[Int]]) {
        result.append(prefix)
        switch self {
        case .array(let elements):
            for index in elements.indices { elements[index].paths(prefix: prefix + [index], into: &result) }
        case .object(let members):
            for index in members.indices { members[index].value.paths(prefix: prefix + [index], into: &result) }
        default: break
        }
    }

    func node(at path: ArraySlice<Int>) -> JSONValue {
        guard let first = path.first else { return self }
        switch self {
        case .array(let elements): return elements[first].node(at: path.dropFirst())
        case .object(let members): return members[first].value.node(at: path.dropFirst())
        default: return self
        }
    }

    /// The document with the node at `path` passed through `change`, which sees the node and
    /// the key it sits under (nil in an array).
    func updating(at path: ArraySlice<Int>, key: String? = nil, _ change: (JSONValue, String?) -> JSONValue) -> JSONValue {
        guard let first = path.first else { return change(self, key) }
        switch self {
        case .array(var elements):
            elements[first] = elements[first].updating(at: path.dropFirst(), change)
            return .array(elements)
        case .object(var members):
            members[first].value = members[first].value.updating(at: path.dropFirst(), key: members[first].key, change)
            return .object(members)
        default: return self
        }
    }
}

/// Structural mutations of a JSON document: interesting values, duplicated and dropped
/// elements, duplicate and renamed keys, string and number edits, subtrees spliced in from
/// other documents, deep nesting and huge arrays.
struct JSONMutator {
    /// Strings worth putting anywhere: ids of the fixture, policy-laden field names, NUL, long text.
    var strings: [String]
    var keys: [String]

    /// Valid JSON numbers at the edges of Int, Int64, UInt32, UInt64 and Double (invalid number
    /// syntax is the byte mutator's business).
    static let interestingNumbers = [
        "0", "1", "-1", "2", "4294967295", "4294967296", "2147483648", "9223372036854775807", "9223372036854775808",
        "9223372036854775809", "13835058055282163712",
        "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
        "99999999999999999999999999", "1e308", "1e309", "-0", "0.5", "1E2", "1.0", "-1e-400", "1000", "1001",
    ]

    /// Deep nesting (past JSONDecoder's depth limit of 512 too), huge arrays and long strings.
    static let bigValues: [JSONValue] = {
        var values: [JSONValue] = []
        for depth in [16, 100, 511, 513, 2_000, 50_000] {
            values.append(.raw(String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)))
            values.append(.raw(String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)))
        }
        for count in [1_000, 20_000, 100_000] {
            values.append(.raw("[" + Array(repeating: "0", count: count).joined(separator: ",") + "]"))
            values.append(.raw("[" + Array(repeating: "{}", count: count).joined(separator: ",") + "]"))
        }
        for length in [300, 5_000, 70_000, 300_000] {
            for piece in ["a", "Б", "🦄", "\u{0}", "\\"] { values.append(.string(String(repeating: piece, count: length))) }
        }
        return values
    }()

    func mutate(_ document: JSONValue, donors: [JSONValue], rng: inout some RandomNumberGenerator) -> JSONValue {
        var value = document
        let rounds = rng.percentChance(50) ? 1 : Int.random(in: 2...5, using: &rng)
        for _ in 0..<rounds { value = mutateOnce(value, donors: donors, rng: &rng) }
        return value
    }

    /// Mostly any node alike (or any number, or any string); otherwise a walk down from the root that stops at each level
    /// with some chance, so that the few top-level fields (counters, replica) are hit as often as
    /// the many nodes deep inside records.
    private func randomPath(_ value: JSONValue, _ rng: inout some RandomNumberGenerator) -> [Int] {
        let roll = Int.random(in: 0..<100, using: &rng)
        if roll < 70 {
            var paths: [[Int]] = []
            value.paths(into: &paths)
            // Some of the time only numbers (counters, clocks, vector entries) or only strings (ids,
            // replicas, values): they are where the semantics are, among many structural nodes.
            if roll < 40 {
                let wanted = paths.filter { path in
                    switch value.node(at: path[...]) {
                    case .number: return roll < 25
                    case .string: return roll >= 25
                    default: return false
                    }
                }
                if let path = wanted.randomElement(using: &rng) { return path }
            }
            return paths.randomElement(using: &rng) ?? []
        }
        var path: [Int] = []
        var node = value
        while true {
            let count: Int
            switch node {
            case .array(let elements): count = elements.count
            case .object(let members): count = members.count
            default: count = 0
            }
            guard count > 0, path.isEmpty || !rng.percentChance(30) else { return path }
            let index = Int.random(in: 0..<count, using: &rng)
            path.append(index)
            node = node.node(at: [index][...])
        }
    }

    func interestingValue(_ rng: inout some RandomNumberGenerator) -> JSONValue {
        switch Int.random(in: 0..<14, using: &rng) {
        case 0, 1, 2, 8: return .number(JSONMutator.interestingNumbers.randomElement(using: &rng)!)
        case 3, 4, 5, 9: return .string(strings.randomElement(using: &rng)!)
        case 6: return [.null, .bool(true), .bool(false), .array([]), .object([])].randomElement(using: &rng)!
        case 7:  // deep nesting, a huge array, a long string (made once: they are big)
            return JSONMutator.bigValues.randomElement(using: &rng)!
        case 10:  // escapes: lone surrogates, NUL, BOM
            return .raw(["\"\\ud800\"", "\"\\udc00x\"", "\"a\\u0000b\"", "\"\\ufeff\"", "\"\\u12\"", "\"\\x41\"", "\"\\/\""]
                .randomElement(using: &rng)!)
        case 11:  // a string with some scalars appended
            let base = strings.randomElement(using: &rng)!
            return .string(base + ["\u{0}", "\u{0}x", " ", "/", "é", "e\u{301}", "\u{202E}", "\u{FFFF}", "-", "_"].randomElement(using: &rng)!)
        default: return .number(String(Int64.random(in: Int64.min...Int64.max, using: &rng)))
        }
    }

    enum Operation: CaseIterable {
        case interesting, duplicate, drop, renameKey, editString, editNumber, splice, changeType, swapMembers
    }

    /// An operation that fits the node: mostly edits for strings and numbers, mostly structural
    /// changes for arrays and objects, and now and then anything.
    func operation(for node: JSONValue, _ rng: inout some RandomNumberGenerator) -> Operation {
        let roll = Int.random(in: 0..<100, using: &rng)
        switch node {
        case .string:
            return roll < 50 ? .editString : roll < 75 ? .interesting : roll < 85 ? .splice : .changeType
        case .number:
            return roll < 55 ? .editNumber : roll < 80 ? .interesting : roll < 90 ? .splice : .changeType
        case .array, .object:
            if roll < 70 { return [.duplicate, .duplicate, .drop, .renameKey, .swapMembers].randomElement(using: &rng)! }
            return roll < 85 ? .interesting : roll < 95 ? .splice : .changeType
        default:
            return roll < 60 ? .interesting : .splice
        }
    }

    func mutateOnce(_ document: JSONValue, donors: [JSONValue], rng: inout some RandomNumberGenerator) -> JSONValue {
        let path = randomPath(document, &rng)
        let node = document.node(at: path[...])
        let operation = rng.percentChance(10) ? Operation.allCases.randomElement(using: &rng)! : operation(for: node, &rng)
        switch operation {
        case .interesting:
            return document.updating(at: path[...]) { _, _ in interestingValue(&rng) }
        case .duplicate:  // an array element (several times, now and then) or an object member: a repeated key
            return document.updating(at: path[...]) { node, _ in
                switch node {
                case .array(var elements) where !elements.isEmpty:
                    let index = Int.random(in: 0..<elements.count, using: &rng)
                    let times = rng.percentChance(90) ? 1 : [10, 999, 1_000, 1_001].randomElement(using: &rng)!
                    elements.insert(contentsOf: Array(repeating: elements[index], count: times), at: index)
                    return .array(elements)
                case .object(var members) where !members.isEmpty:
                    let index = Int.random(in: 0..<members.count, using: &rng)
                    var copy = members[index]
                    if rng.percentChance(60) { copy.value = interestingValue(&rng) }
                    members.insert(copy, at: Int.random(in: 0...members.count, using: &rng))
                    return .object(members)
                default: return node
                }
            }
        case .drop:
            return document.updating(at: path[...]) { node, _ in
                switch node {
                case .array(var elements) where !elements.isEmpty:
                    elements.remove(at: Int.random(in: 0..<elements.count, using: &rng))
                    return .array(elements)
                case .object(var members) where !members.isEmpty:
                    members.remove(at: Int.random(in: 0..<members.count, using: &rng))
                    return .object(members)
                default: return node
                }
            }
        case .renameKey:
            return document.updating(at: path[...]) { node, _ in
                guard case .object(var members) = node, !members.isEmpty else { return node }
                let index = Int.random(in: 0..<members.count, using: &rng)
                let other = members.randomElement(using: &rng)!.key
                members[index].key = rng.percentChance(30) ? other : (rng.percentChance(50) ? keys : strings).randomElement(using: &rng)!
                return .object(members)
            }
        case .editString:
            return document.updating(at: path[...]) { node, _ in
                guard case .string(let text) = node else { return interestingValue(&rng) }
                var scalars = Array(text.unicodeScalars)
                switch Int.random(in: 0..<8, using: &rng) {
                case 0: scalars.append(contentsOf: rng.percentChance(50) ? ["\u{0}", "x"] : ["\u{0}"])
                case 7: scalars.insert("\u{0}", at: Int.random(in: 0...scalars.count, using: &rng))  // C APIs stop at NUL
                case 1: if !scalars.isEmpty { scalars.removeLast() }
                case 2: scalars.insert(Unicode.Scalar(UInt8.random(in: 0...0x7F, using: &rng)), at: Int.random(in: 0...scalars.count, using: &rng))
                case 3: scalars = Array(text.uppercased().unicodeScalars)
                case 4: return .string(strings.randomElement(using: &rng)!)
                case 5: scalars.append(Unicode.Scalar(UInt8.random(in: 0x30...0x39, using: &rng)))
                default: scalars += scalars
                }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars)
                return .string(String(view))
            }
        case .editNumber:
            return document.updating(at: path[...]) { node, _ in
                guard case .number(let text) = node else { return .number(JSONMutator.interestingNumbers.randomElement(using: &rng)!) }
                let value = Int64(text) ?? 0
                switch Int.random(in: 0..<7, using: &rng) {
                case 0: return .number(String(value &+ 1))
                case 1: return .number(String(value &- 1))
                case 2: return .number(String(0 &- value))
                case 3:  // set the top bit: past Int64.max as a UInt64, negative as an Int64
                    if let unsigned = UInt64(text) { return .number(String(unsigned | 1 << 63)) }
                    return .number(String(value | Int64.min))
                case 4: return .number(text + "0")
                case 5: return .number(String(value &+ Int64.random(in: 2...1_000, using: &rng)))
                default: return .number(JSONMutator.interestingNumbers.randomElement(using: &rng)!)
                }
            }
        case .splice:  // a subtree of another document
            guard let donor = donors.randomElement(using: &rng) else { return document }
            let part = donor.node(at: randomPath(donor, &rng)[...])
            return document.updating(at: path[...]) { _, _ in part }
        case .changeType:
            return document.updating(at: path[...]) { node, _ in
                switch node {
                case .string(let text): return Int64(text).map { .number(String($0)) } ?? .array([node])
                case .number(let text): return .string(text)
                default: return rng.percentChance(50) ? .array([node]) : .string("x")
                }
            }
        case .swapMembers:
            return document.updating(at: path[...]) { node, _ in
                guard case .object(var members) = node, members.count > 1 else { return node }
                let a = Int.random(in: 0..<members.count, using: &rng)
                let b = Int.random(in: 0..<members.count, using: &rng)
                (members[a].value, members[b].value) = (members[b].value, members[a].value)
                return .object(members)
            }
        }
    }
}
