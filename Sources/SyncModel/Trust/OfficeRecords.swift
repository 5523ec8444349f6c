/// What an office may create: records of the collections offices write, under ids of
/// its own numbering, in the shape Halamj writes them. The hub checks every record an
/// office brings for the first time against this (an office squatting on another's
/// next case number would lock that office out), and a node checks what it pulls.
public enum OfficeRecords {
    /// The collections offices write. Anything else pushed by an office is refused:
    /// a node would have no view for it.
    public static let collections: Set<String> = [CaseFields.collection, peopleCollection]
    /// Applicants (`LocalNode.PersonFields.collection` names it for the node's books).
    public static let peopleCollection = "people"

    /// The most fields one record may hold, and the longest value of one field: far
    /// past anything a case or a person holds, short of what would let one record
    /// fill a dashboard or a disk.
    public static let maximumFields = 512
    public static let maximumValueBytes = 64 * 1024

    /// Why `office` may not create `collection/id`, or nil when it may.
    public static func creationRefusal(collection: String, id: String, office: String) -> String? {
        guard collections.contains(collection) else {
            return "offices write only \(collections.sorted().joined(separator: " and ")), not '\(collection)'"
        }
        let code = CaseNumber.officeCode(of: office)
        let ok = collection == CaseFields.collection ? isCaseNumber(id, code: code) : isPersonID(id, code: code)
        guard ok else {
            let form = collection == CaseFields.collection ? "\(code)-<year>-<number>" : "\(code)-<РД>"
            return "\(collection)/\(id) is not an id \(office) makes (its ids are \(form))"
        }
        return nil
    }

    /// `4305-2026-000123`: the office's code, a four-digit year, and a sequence of 1 to
    /// 12 digits (a restored node numbers on from the next 100,000).
    public static func isCaseNumber(_ id: String, code: String) -> Bool {
        guard id.hasPrefix(code + "-") else { return false }
        let rest = id.utf8.dropFirst(code.utf8.count + 1).split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard rest.count == 2, rest[0].count == 4, (1...12).contains(rest[1].count) else { return false }
        return rest.allSatisfy { $0.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
    }

    /// `4305-УБ99032312`: the office's code and the applicant's register number as
    /// `RegisterNumber` writes it.
    public static func isPersonID(_ id: String, code: String) -> Bool {
        guard id.hasPrefix(code + "-") else { return false }
        let rd = String(id.dropFirst(code.count + 1))
        guard let parsed = try? RegisterNumber.parse(rd) else { return false }
        return parsed.text == rd
    }

    /// Why the record's fields are not in the shape Halamj writes, or nil.
    public static func shapeRefusal(_ record: Record) -> String? {
        if record.fields.count > maximumFields {
            return "\(record.fields.count) fields; a record holds at most \(maximumFields)"
        }
        for (name, entries) in record.fields {
            let isScan = record.collection == CaseFields.collection && Scan.isField(name)
            guard CaseFields.isValidFieldName(name) || CaseFields.reserved.contains(name) || isScan else {
                return "'\(name.prefix(80))' is not a field name (lower-case letters, digits, '-' and '_')"
            }
            if isScan, let bad = entries.first(where: { !Scan.isValidValue($0.value, field: name) }) {
                return "field \(name) holds '\(bad.value.prefix(80))', not a scan's hash, size, kind and name"
            }
            if let long = entries.first(where: { $0.value.utf8.count > maximumValueBytes }) {
                return "field \(name) holds \(long.value.utf8.count) bytes; at most \(maximumValueBytes)"
            }
            if name == Record.deletionContextField, entries.contains(where: { VersionVector(compactText: $0.value) == nil }) {
                return "field \(name) must hold a version vector"
            }
        }
        return nil
    }
}
