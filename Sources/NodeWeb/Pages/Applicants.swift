import ReplicaStorage
import CaseBooks
import SyncModel

/// The people a worker can look up: those registered with `person add` or the form,
/// and those who only appear as the applicant of a case (opened with `case new
/// --name`), so a search by РД finds everyone this office has dealt with.
struct Applicant: Sendable {
    let registerNumber: String
    let name: String
    /// Phone, address… of a registered person; empty for one known only from cases.
    let details: [String: String]
    let isRegistered: Bool

    static func all(store: ReplicaStore, office: String) throws -> [Applicant] {
        var byNumber: [String: Applicant] = [:]
        for person in try PersonBook(store: store).list(office: office) {
            byNumber[person.registerNumber] = Applicant(
                registerNumber: person.registerNumber, name: person.name, details: person.values, isRegistered: true)
        }
        for view in try CaseBook(store: store).list(office: office) where !view.isDeleted {
            guard let rd = view.values[CaseFields.registerNumber], byNumber[rd] == nil else { continue }
            byNumber[rd] = Applicant(registerNumber: rd, name: view.values[CaseFields.name] ?? "", details: [:], isRegistered: false)
        }
        return byNumber.values.sorted {
            $0.name == $1.name ? $0.registerNumber < $1.registerNumber : MongolianCollation.areInIncreasingOrder($0.name, $1.name)
        }
    }

    /// The applicant of `rd`: the registered person, or else the name on their latest
    /// case among `cases` (read only when needed; a page that shows them passes its own).
    static func find(_ rd: RegisterNumber, store: ReplicaStore, cases: @autoclosure () throws -> [CaseView]) throws -> Applicant? {
        if let person = try PersonBook(store: store).find(rd) {
            return Applicant(registerNumber: rd.text, name: person.name, details: person.values, isRegistered: true)
        }
        guard let latest = try cases().last else { return nil }
        return Applicant(registerNumber: rd.text, name: latest.values[CaseFields.name] ?? "", details: [:], isRegistered: false)
    }

    /// This office's cases of `rd` that are not deleted.
    static func cases(of rd: RegisterNumber, store: ReplicaStore, office: String) throws -> [CaseView] {
        try CaseBook(store: store).list(office: office).filter { $0.values[CaseFields.registerNumber] == rd.text && !$0.isDeleted }
    }
}
