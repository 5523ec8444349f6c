/// A hand-written JSON codec for records, used on every hot path (the store's bodies,
/// push and pull batches) because Foundation's Codable coders cost ~50-75 µs a record.
///
/// - `encode` writes exactly the bytes `JSONEncoder` writes with `.sortedKeys` and
///   `.withoutEscapingSlashes` (keys sorted by their UTF-8 bytes, the same escapes), so
///   a body stored by either is the same, and a stored body can be sent as it is.
/// - `decode` takes the plain form of a record and returns nil for anything else
///   (escapes in keys, unknown or repeated keys, numbers with a fraction or an
///   exponent, invalid UTF-8, a vector that does not cover an entry…): the caller then
///   asks `JSONDecoder`, which gives the same record or the exact error as before. It
///   never accepts what `JSONDecoder` refuses, and gives the same record when it accepts.
public enum RecordJSON {
    // MARK: encoding

    public static func encode(_ record: Record) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        append(record, to: &out)
        return out
    }

    /// Appends the record's JSON to `out`.
    public static func append(_ record: Record, to out: inout [UInt8]) {
        appendLiteral(#"{"collection":"#, to: &out)
        appendString(record.collection, to: &out)
        appendLiteral(#","fields":{"#, to: &out)
        var first = true
        for (name, entries) in record.fields.sorted(by: { utf8Precedes($0.key, $1.key) }) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            appendString(name, to: &out)
            appendLiteral(#":["#, to: &out)
            for (index, entry) in entries.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendLiteral(#"{"counter":"#, to: &out)
                appendUnsigned(entry.dot.counter, to: &out)
                appendLiteral(#","logical":"#, to: &out)
                appendUnsigned(UInt64(entry.hlc.logical), to: &out)
                appendLiteral(#","replica":"#, to: &out)
                appendString(entry.dot.replica.rawValue, to: &out)
                appendLiteral(#","value":"#, to: &out)
                appendString(entry.value, to: &out)
                appendLiteral(#","wall":"#, to: &out)
                appendSigned(entry.hlc.wallMillis, to: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        appendLiteral(#"},"id":"#, to: &out)
        appendString(record.id, to: &out)
        appendLiteral(#","office":"#, to: &out)
        appendString(record.office, to: &out)
        appendLiteral(#","vector":{"#, to: &out)
        first = true
        for (replica, counter) in record.vector.counters.sorted(by: { utf8Precedes($0.key.rawValue, $1.key.rawValue) }) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            appendString(replica.rawValue, to: &out)
            out.append(UInt8(ascii: ":"))
            appendUnsigned(counter, to: &out)
        }
        appendLiteral("}}", to: &out)
    }

    /// JSONEncoder's key order: by UTF-8 bytes (what `a.utf8.lexicographicallyPrecedes(b.utf8)`
    /// says, compared in place).
    @inline(__always)
    static func utf8Precedes(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> Bool in
                let common = min(x.count, y.count)
                for index in 0..<common where x[index] != y[index] { return x[index] < y[index] }
                return x.count < y.count
            }
        }
        return (fast ?? nil) ?? a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Appends the bytes of a literal, copied in one piece (appending a literal's
    /// `.utf8` view goes through the generic sequence path, byte by byte).
    @inline(__always)
    static func appendLiteral(_ text: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A JSON string with JSONEncoder's escapes: `"`, `\`, the control characters
    /// (short forms for \b \f \n \r \t, `\u00XX` otherwise); `/` and everything else as is.
    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var mark = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                if index > mark { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[mark..<index])) }
                mark = index + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    appendLiteral("u00", to: &out)
                    out.append(hexDigit(byte >> 4))
                    out.append(hexDigit(byte & 0xF))
                }
            }
            if bytes.count > mark { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[mark...])) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? value + 0x30 : value - 10 + 0x61
    }

    static func appendUnsigned(_ value: UInt64, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(truncatingIfNeeded: value) + 0x30)
            return
        }
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // 32 bytes of scratch: UInt64.max has 20 digits
        withUnsafeMutableBytes(of: &digits) { scratch in
            var value = value
            var index = scratch.count
            while value > 0 {
                index -= 1
                scratch[index] = UInt8(truncatingIfNeeded: value % 10) + 0x30
                value /= 10
            }
            out.append(contentsOf: scratch[index...])
        }
    }

    static func appendSigned(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            appendUnsigned(value.magnitude, to: &out)
        } else {
            appendUnsigned(UInt64(value), to: &out)
        }
    }

    // MARK: decoding

    /// The record in `bytes` (one JSON object, nothing but whitespace around it), or nil
    /// when it is not in the plain form this reader takes: then ask `JSONDecoder`.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> Record? {
        guard let base = bytes.baseAddress else { return nil }
        var reader = JSONReader(start: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        guard let record = reader.record(), reader.atEnd() else { return nil }
        return record
    }

    public static func decode(_ bytes: [UInt8]) -> Record? {
        bytes.withUnsafeBytes { decode($0) }
    }
}

/// A strict, forward-only JSON reader for the shapes of records and sync messages.
/// Every method returns nil (and the whole read is abandoned) at the first thing it
/// does not take.
struct JSONReader {
    private let end: UnsafePointer<UInt8>
    private var cursor: UnsafePointer<UInt8>
    /// Replica ids seen in this read, by their bytes: ids repeat in every entry.
    private var replicas: [(bytes: [UInt8], id: ReplicaID)] = []
    /// Scratch for strings with escapes.
    private var scratch: [UInt8] = []
    /// Whether what was read since this was last set is written exactly as `RecordJSON`
    /// writes it (no whitespace, keys in order, the encoder's escapes only…): then the
    /// bytes read are what encoding the value read would write (`recordKeepingBody`).
    var canonical = true

    init(start: UnsafePointer<UInt8>, count: Int) {
        cursor = start
        end = start + count
    }

    // MARK: tokens

    @inline(__always)
    mutating func skipWhitespace() {
        while cursor < end {
            switch cursor.pointee {
            case 0x20, 0x0A, 0x0D, 0x09:
                cursor += 1
                canonical = false
            default: return
            }
        }
    }

    /// Whether only whitespace is left.
    mutating func atEnd() -> Bool {
        skipWhitespace()
        return cursor == end
    }

    /// Consumes `byte` (after whitespace) if it is next.
    @inline(__always)
    mutating func take(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard cursor < end, cursor.pointee == byte else { return false }
        cursor += 1
        return true
    }

    /// The raw bytes of a string without escapes or control characters (a key), or nil.
    mutating func plainStringBytes() -> UnsafeBufferPointer<UInt8>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = cursor
        while cursor < end {
            let byte = cursor.pointee
            if byte == 0x22 {
                let result = UnsafeBufferPointer(start: start, count: cursor - start)
                cursor += 1
                return result
            }
            if byte == 0x5C || byte < 0x20 { return nil }
            cursor += 1
        }
        return nil
    }

    /// A key followed by its colon, as raw bytes (keys with escapes are not taken).
    mutating func key() -> UnsafeBufferPointer<UInt8>? {
        guard let bytes = plainStringBytes(), take(UInt8(ascii: ":")) else { return nil }
        return bytes
    }

    /// A string value; escapes decoded; nil for invalid UTF-8, control characters or
    /// escapes that do not form whole scalars.
    mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = cursor
        var escaped = false
        var high: UInt8 = 0
        while cursor < end {
            let byte = cursor.pointee
            if byte == 0x22 { break }
            if byte < 0x20 { return nil }
            if byte == 0x5C {
                escaped = true
                cursor += 1
                guard cursor < end else { return nil }
            }
            high |= byte
            cursor += 1
        }
        guard cursor < end else { return nil }
        let raw = UnsafeBufferPointer(start: start, count: cursor - start)
        cursor += 1
        if escaped { return unescape(raw) }
        return Self.utf8String(raw, ascii: high < 0x80)
    }

    /// The string of these UTF-8 bytes, or nil when they are not valid UTF-8 (never
    /// repaired: JSONDecoder refuses invalid UTF-8, so it gets to say so).
    @inline(__always)
    static func utf8String(_ bytes: UnsafeBufferPointer<UInt8>, ascii: Bool) -> String? {
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        // The standard library's validating initialiser checks the bytes in one pass
        // (decoding with repairs and comparing the result byte by byte cost ~4x more).
        return String(validating: bytes, as: UTF8.self)
    }

    private mutating func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
        scratch.removeAll(keepingCapacity: true)
        var index = 0
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= raw.count else { return nil }
            var value: UInt32 = 0
            for offset in 0..<4 {
                let c = raw[at + offset]
                let digit: UInt32
                switch c {
                case 0x30...0x39: digit = UInt32(c - 0x30)
                case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
                case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
                default: return nil
                }
                value = value << 4 | digit
            }
            return value
        }
        while index < raw.count {
            let byte = raw[index]
            guard byte == 0x5C else {
                scratch.append(byte)
                index += 1
                continue
            }
            guard index + 1 < raw.count else { return nil }
            let kind = raw[index + 1]
            index += 2
            switch kind {
            case 0x22: scratch.append(0x22)
            case 0x5C: scratch.append(0x5C)
            case 0x2F:
                scratch.append(0x2F)
                canonical = false  // RecordJSON writes "/" as it is
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                guard var value = hex4(index) else { return nil }
                if !Self.isEncodersEscape(value, hex: UnsafeBufferPointer(rebasing: raw[index..<index + 4])) {
                    canonical = false
                }
                index += 4
                if (0xD800...0xDBFF).contains(value) {
                    // A high surrogate must be followed by an escaped low one.
                    guard index + 6 <= raw.count, raw[index] == 0x5C, raw[index + 1] == UInt8(ascii: "u"),
                          let low = hex4(index + 2), (0xDC00...0xDFFF).contains(low) else { return nil }
                    index += 6
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(value) {
                    return nil
                }
                guard let scalar = Unicode.Scalar(value) else { return nil }
                scratch.append(contentsOf: UTF8.encode(scalar)!)
            default:
                return nil
            }
        }
        return scratch.withUnsafeBufferPointer { Self.utf8String($0, ascii: false) }
    }

    /// Whether `\u` + `hex` is how RecordJSON writes `value`: only control characters
    /// without a short escape, as `00` and two lower-case hex digits.
    private static func isEncodersEscape(_ value: UInt32, hex: UnsafeBufferPointer<UInt8>) -> Bool {
        guard value < 0x20, ![0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(value) else { return false }
        return hex.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// An unsigned integer written plainly (no sign, fraction, exponent or leading zero).
    mutating func unsigned() -> UInt64? {
        skipWhitespace()
        guard cursor < end else { return nil }
        let first = cursor.pointee
        guard first >= 0x30 && first <= 0x39 else { return nil }
        cursor += 1
        var value = UInt64(first - 0x30)
        if first == 0x30 {
            return isDelimiterNext() ? 0 : nil
        }
        while cursor < end {
            let byte = cursor.pointee
            guard byte >= 0x30 && byte <= 0x39 else { break }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(UInt64(byte - 0x30))
            guard !o1 && !o2 else { return nil }
            value = sum
            cursor += 1
        }
        return isDelimiterNext() ? value : nil
    }

    mutating func signed() -> Int64? {
        skipWhitespace()
        if cursor < end && cursor.pointee == UInt8(ascii: "-") {
            cursor += 1
            guard cursor < end, cursor.pointee >= 0x31 && cursor.pointee <= 0x39,  // "-0" is left to JSONDecoder
                  let magnitude = unsigned(), magnitude <= UInt64(Int64.max) else { return nil }
            return -Int64(magnitude)
        }
        guard let value = unsigned(), value <= UInt64(Int64.max) else { return nil }
        return Int64(value)
    }

    /// After a number: the end, whitespace, or what closes or separates values.
    private func isDelimiterNext() -> Bool {
        guard cursor < end else { return true }
        switch cursor.pointee {
        case 0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"): return true
        default: return false
        }
    }

    mutating func bool() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    /// Consumes `null` if it is next.
    mutating func null() -> Bool { literal("null") }

    private mutating func literal(_ word: StaticString) -> Bool {
        skipWhitespace()
        let count = word.utf8CodeUnitCount
        guard end - cursor >= count, bytesCompare(cursor, word.utf8Start, count) == 0 else { return false }
        let after = cursor + count
        if after < end {
            switch after.pointee {
            case 0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"): break
            default: return false
            }
        }
        cursor = after
        return true
    }

    /// Reads the members of an object, calling `member` with each key; false when the
    /// object is not well formed or `member` returns false.
    mutating func object(_ member: (inout JSONReader, UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        if take(UInt8(ascii: "}")) { return true }
        repeat {
            guard let key = key(), member(&self, key) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}"))
    }

    /// Reads the elements of an array; false when it is not well formed or `element` fails.
    mutating func array(_ element: (inout JSONReader) -> Bool) -> Bool {
        guard take(UInt8(ascii: "[")) else { return false }
        if take(UInt8(ascii: "]")) { return true }
        repeat {
            guard element(&self) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]"))
    }

    /// A replica id, validated as `ReplicaID` does (only plain ASCII strings are taken).
    mutating func replica() -> ReplicaID? {
        guard let bytes = plainStringBytes() else { return nil }
        return replica(bytes)
    }

    mutating func replica(_ bytes: UnsafeBufferPointer<UInt8>) -> ReplicaID? {
        for known in replicas where known.bytes.count == bytes.count {
            if known.bytes.withUnsafeBufferPointer({ bytesCompare($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
                return known.id
            }
        }
        guard let text = Self.utf8String(bytes, ascii: false), let id = ReplicaID(text) else { return nil }
        if replicas.count < 8 { replicas.append((Array(bytes), id)) }
        return id
    }

    // MARK: records

    /// One record object, checked as `Record.init(from:)` checks it.
    mutating func record() -> Record? {
        var collection: String?, id: String?, office: String?
        var fields: [String: [FieldEntry]]?
        var vector: VersionVector?
        var previous = Key.other
        let ok = object { reader, key in
            let key = Key(key)
            if !previous.precedes(key) { reader.canonical = false }
            previous = key
            switch key {
            case .collection where collection == nil: collection = reader.string(); return collection != nil
            case .id where id == nil: id = reader.string(); return id != nil
            case .office where office == nil: office = reader.string(); return office != nil
            case .fields where fields == nil: fields = reader.fields(); return fields != nil
            case .vector where vector == nil: vector = reader.vector(); return vector != nil
            default: return false
            }
        }
        guard ok, let collection, let id, let office, let fields, let vector else { return nil }
        // What Record.init(from:) refuses (an entry the vector does not cover, a write
        // twice in one field) is left to it, for its exact error. Entries as written by
        // RecordJSON are sorted and no list is empty: then the map is taken as it is.
        var normalized = true
        defer { if !normalized { canonical = false } }
        for entries in fields.values {
            if entries.isEmpty { normalized = false }
            for (index, entry) in entries.enumerated() {
                guard vector.covers(entry.dot) else { return nil }
                if index > 0 && !(entries[index - 1].dot < entry.dot) { normalized = false }
            }
        }
        if normalized {
            return Record(collection: collection, id: id, office: office, normalizedFields: fields, vector: vector)
        }
        let record = Record(collection: collection, id: id, office: office, fields: fields, vector: vector)
        for entries in record.fields.values {
            // Sorted by dot now: a repeated write would sit next to itself.
            for index in entries.indices.dropFirst() where entries[index - 1].dot == entries[index].dot { return nil }
        }
        return record
    }

    mutating func fields() -> [String: [FieldEntry]]? {
        var fields: [String: [FieldEntry]] = [:]
        fields.reserveCapacity(16)
        guard take(UInt8(ascii: "{")) else { return nil }
        if take(UInt8(ascii: "}")) { return fields }
        var previous: String?
        repeat {
            // Field names are data: escapes are read like any string's.
            guard let name = string(), take(UInt8(ascii: ":")) else { return nil }
            if let previous, !RecordJSON.utf8Precedes(previous, name) { canonical = false }
            previous = name
            var entries: [FieldEntry] = []
            guard array({ reader in
                guard let entry = reader.entry() else { return false }
                entries.append(entry)
                return true
            }) else { return nil }
            // A name given twice (or two names that are equal as Swift strings) is left to JSONDecoder.
            guard fields.updateValue(entries, forKey: name) == nil else { return nil }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? fields : nil
    }

    mutating func entry() -> FieldEntry? {
        if let entry = plainEntry() { return entry }
        var value: String?, replica: ReplicaID?, counter: UInt64?, wall: Int64?, logical: UInt64?
        var previous = Key.other
        let ok = object { reader, key in
            let key = Key(key)
            if !previous.precedes(key) { reader.canonical = false }
            previous = key
            switch key {
            case .value where value == nil: value = reader.string(); return value != nil
            case .replica where replica == nil: replica = reader.replica(); return replica != nil
            case .counter where counter == nil: counter = reader.unsigned(); return counter != nil
            case .wall where wall == nil: wall = reader.signed(); return wall != nil
            case .logical where logical == nil: logical = reader.unsigned(); return logical != nil
            default: return false
            }
        }
        guard ok, let value, let replica, let counter, counter > 0, let wall, let logical,
              let logical32 = UInt32(exactly: logical) else { return nil }
        return FieldEntry(value: value, dot: Dot(replica: replica, counter: counter),
                          hlc: HLCTimestamp(wallMillis: wall, logical: logical32, replica: replica))
    }

    /// An entry exactly as RecordJSON writes it (keys in order, no whitespace), read
    /// without looking its keys up: nearly every entry of every record is one, and the
    /// general reader spent most of its time on keys. Nil, with nothing consumed, when
    /// the bytes differ in any way: `entry()` then reads them the general way (which
    /// also refuses what this refuses).
    private mutating func plainEntry() -> FieldEntry? {
        let start = cursor
        guard follows(#"{"counter":"#), let counter = unsigned(), counter > 0,
              follows(#","logical":"#), let logical = unsigned(), let logical32 = UInt32(exactly: logical),
              follows(#","replica":"#), let replica = replica(),
              follows(#","value":"#), let value = string(),
              follows(#","wall":"#), let wall = signed(),
              follows("}")
        else {
            cursor = start
            return nil
        }
        return FieldEntry(value: value, dot: Dot(replica: replica, counter: counter),
                          hlc: HLCTimestamp(wallMillis: wall, logical: logical32, replica: replica))
    }

    /// Consumes `text` if the bytes at the cursor are exactly it (no whitespace skipped).
    @inline(__always)
    private mutating func follows(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard end - cursor >= count, bytesCompare(cursor, text.utf8Start, count) == 0 else { return false }
        cursor += count
        return true
    }

    mutating func vector() -> VersionVector? {
        var counters: [ReplicaID: UInt64] = [:]
        var previous: UnsafeBufferPointer<UInt8>?
        let ok = object { reader, key in
            guard let replica = reader.replica(key), let counter = reader.unsigned() else { return false }
            // Sorted by bytes, and no zero: VersionVector drops zeros, and RecordJSON writes none.
            if counter == 0 || previous.map({ !Self.bytesPrecede($0, key) }) ?? false { reader.canonical = false }
            previous = key
            return counters.updateValue(counter, forKey: replica) == nil
        }
        return ok ? VersionVector(counters) : nil
    }

    /// Whether `a` sorts before `b` by bytes, as RecordJSON orders keys.
    static func bytesPrecede(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(a.count, b.count)
        let order = bytesCompare(a.baseAddress!, b.baseAddress!, common)
        return order != 0 ? order < 0 : a.count < b.count
    }

    /// One record and, when the bytes it was read from are exactly what
    /// `RecordJSON.encode` writes for it, those bytes: a store can keep them as the
    /// record's body instead of encoding the record again.
    mutating func recordKeepingBody() -> (record: Record, body: UnsafeBufferPointer<UInt8>?)? {
        skipWhitespace()
        let start = cursor
        canonical = true
        guard let record = record() else { return nil }
        return (record, canonical ? UnsafeBufferPointer(start: start, count: cursor - start) : nil)
    }

    /// The keys of records and entries, recognised by their bytes.
    enum Key {
        case collection, id, office, fields, vector, value, replica, counter, wall, logical, other

        /// Whether RecordJSON writes `self` before `next` (in a record: collection, fields,
        /// id, office, vector; in an entry: counter, logical, replica, value, wall).
        /// `other` stands for "nothing yet" and precedes every key.
        func precedes(_ next: Key) -> Bool { rank < next.rank }

        private var rank: Int {
            switch self {
            case .other: 0
            case .collection, .counter: 1
            case .fields, .logical: 2
            case .id, .replica: 3
            case .office, .value: 4
            case .vector, .wall: 5
            }
        }

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            switch bytes.count {
            case 2 where Self.equal(bytes, "id"): self = .id
            case 4 where Self.equal(bytes, "wall"): self = .wall
            case 5 where Self.equal(bytes, "value"): self = .value
            case 6 where Self.equal(bytes, "office"): self = .office
            case 6 where Self.equal(bytes, "fields"): self = .fields
            case 6 where Self.equal(bytes, "vector"): self = .vector
            case 7 where Self.equal(bytes, "replica"): self = .replica
            case 7 where Self.equal(bytes, "counter"): self = .counter
            case 7 where Self.equal(bytes, "logical"): self = .logical
            case 10 where Self.equal(bytes, "collection"): self = .collection
            default: self = .other
            }
        }

        static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
            bytes.count == word.utf8CodeUnitCount && bytesCompare(bytes.baseAddress!, word.utf8Start, bytes.count) == 0
        }
    }
}

/// `memcmp`, without importing the C library into SyncModel.
@inline(__always)
func bytesCompare(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    for index in 0..<count where a[index] != b[index] {
        return a[index] < b[index] ? -1 : 1
    }
    return 0
}
