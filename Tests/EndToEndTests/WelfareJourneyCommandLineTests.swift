import Foundation
import SyncModel
import Testing

/// Issue 15's journey through the two programs, as a soum worker and a district
/// officer run them: a care application with the soum's twelve papers, the district's
/// letter and decree with its decision, placement, a warning, a transfer, leaving at the
/// resident's own request with its costs; a complaint taken to the second level and
/// answered; every step read back in Mongolian at the soum.
@Suite(.serialized) struct WelfareJourneyCommandLineTests {
    let dir = TemporaryDirectory()

    /// Runs a program and expects it to succeed, returning what it printed.
    @discardableResult
    func ok(_ program: String, _ arguments: [String], in directory: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try Programs.run(program, arguments, in: directory)
        #expect(result.status == 0, "\(program) \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }

    @Test func aCareApplication_FromTheSoumsTwelvePapers_ToLeavingCare_AndAComplaintAtTheSecondLevel() throws {
        let (hubDir, soum, hub) = try dir.servedOffice()
        defer { hub.stop() }

        // The soum: the application, its twelve papers, submitted.
        try ok("halamj-node", ["person", "add", "--rd", "УБ45010112", "--name", "Дорж Батын"], in: soum)
        let number = try ok("halamj-node", ["case", "new", "--service", "care-elderly", "--rd", "УБ45010112",
                                            "--care-category", "elderly_without_support"], in: soum)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let checklist = try ok("halamj-node", ["case", "checklist", number], in: soum)
        #expect(checklist.contains("аймаг, дүүрэг шийдвэртэй хамт бүрдүүлнэ") || checklist.contains("Аймаг, дүүрэг шийдвэртэй хамт бүрдүүлнэ"))
        let decree = try Programs.run("halamj-node", ["case", "doc", number, "governor_decree", "received"], in: soum)
        #expect(decree.status != 0 && decree.stderr.contains("аймаг, дүүрэг"), "the soum cannot tick the decree: \(decree.stderr)")
        for document in Checklists.documents(for: .careElderly, stage: .soum) {
            try ok("halamj-node", ["case", "doc", number, document.id, "received"], in: soum)
        }
        try ok("halamj-node", ["case", "submit", number], in: soum)
        try ok("halamj-node", ["sync"], in: soum)

        // The district: no approval without the agency's letter; with it, decided.
        let today = try ok("halamj-hub", ["case", "show", number, "--json"], in: hubDir)
        #expect(today.contains("\"status\" : \"submitted\""))
        let date = try #require(today.components(separatedBy: "\"application_date\" : \"").dropFirst().first?.prefix(10)).description
        let refused = try Programs.run("halamj-hub", ["decide", number, "--approve", "--decree", "А/12", "--date", date], in: hubDir)
        #expect(refused.status == 1 && refused.stderr.contains("official_letter"), "\(refused.stderr)")
        let decided = try ok("halamj-hub", ["decide", number, "--approve", "--decree", "А/12", "--date", date,
                                            "--received", "official_letter"], in: hubDir)
        #expect(decided.contains("Үндэслэл: хамрагдах иргэн"))
        try ok("halamj-hub", ["case", "place", number, "--facility", "Улаангом сумын ахмадын асрамжийн газар"], in: hubDir)
        try ok("halamj-hub", ["case", "discipline", number, "--measure", "council_warning", "--ground", "drinking"], in: hubDir)
        try ok("halamj-hub", ["case", "transfer", number, "--to", "Ховд аймгийн асрамжийн газар", "--reason", "гэр бүлдээ ойр"], in: hubDir)
        try ok("halamj-hub", ["case", "leave", number, "--reason", "own_request", "--clothes", "150000", "--travel", "80000"], in: hubDir)

        // A complaint at the first level, answered by the district; taken to the second.
        try ok("halamj-node", ["case", "complain", number, "--text", "Тэтгэврийн хуваарилалт буруу"], in: soum)
        try ok("halamj-node", ["sync"], in: soum)
        try ok("halamj-hub", ["case", "answer", number, "--level", "1", "--text", "Хуваарилалт зөв"], in: hubDir)
        try ok("halamj-node", ["sync"], in: soum)
        try ok("halamj-node", ["case", "complain", number, "--level", "2", "--text", "Дээд шатанд гомдол гаргая"], in: soum)
        try ok("halamj-node", ["sync"], in: soum)
        try ok("halamj-hub", ["case", "answer", number, "--level", "2", "--text", "Дахин хянаж, хэвээр үлдээв"], in: hubDir)
        try ok("halamj-node", ["sync"], in: soum)

        // Everything, at the soum, in Mongolian.
        let shown = try ok("halamj-node", ["case", "show", number], in: soum)
        for expected in [
            "Асрамжаас гарсан",  // the status
            "Улаангом сумын ахмадын асрамжийн газар", "Ховд аймгийн асрамжийн газар",
            "Захиргааны болон асруулагчдын зөвлөлийн хурлаар хэлэлцэж сануулах",  // the source's words for the warning
            "150,000", "80,000",
            "Хуваарилалт зөв", "Дахин хянаж, хэвээр үлдээв",
            "Шийдвэрлэсэн: олгох",
            "Хамрагдах иргэн",
        ] {
            #expect(shown.contains(expected), "case show lacks «\(expected)»:\n\(shown)")
        }
        let district = try #require(shown.split(separator: "\n").first { $0.hasPrefix("Аймаг, дүүргийн баримт (district's documents):") })
        #expect(district.hasSuffix("2 / 2 ирсэн (received); 'case checklist' lists them"), "the decree and the letter, from the district")
        #expect(try ok("halamj-node", ["overdue"], in: soum).contains(number) == false, "nothing waits on this case")

        // A child-care allowance: the child turned 3 on 2026-10-15; paid for three months
        // before that, then queued for the district to close.
        let allowance = try ok("halamj-node", ["case", "new", "--service", "child-care-allowance", "--rd", "УБ99031212",
                                               "--name", "Сараа", "child_birth_dates=2023-10-15", "application_date=2026-06-20"], in: soum)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        for document in Checklists.documents(for: .childCareAllowance) {
            try ok("halamj-node", ["case", "doc", allowance, document.id, "received"], in: soum)
        }
        try ok("halamj-node", ["case", "submit", allowance], in: soum)
        try ok("halamj-node", ["sync"], in: soum)
        try ok("halamj-hub", ["decide", allowance, "--approve", "--decree", "А/31", "--date", "2026-07-01"], in: hubDir)
        for month in ["2026-07", "2026-08", "2026-09"] {
            try ok("halamj-hub", ["case", "pay", allowance, "--period", month, "--date", "2026-10-01"], in: hubDir)
        }
        let late = try Programs.run("halamj-hub", ["case", "pay", allowance, "--period", "2026-11"], in: hubDir)
        #expect(late.status != 0, "no month after the child turned 3 is paid: \(late.stdout)")
        let toClose = try ok("halamj-hub", ["review", "to-close"], in: hubDir)
        #expect(toClose.contains(allowance) && toClose.contains("2026-10-15"), "\(toClose)")
        try ok("halamj-node", ["sync"], in: soum)
        let paid = try ok("halamj-node", ["case", "show", allowance], in: soum)
        for month in ["2026-07", "2026-08", "2026-09"] { #expect(paid.contains(month), "\(paid)") }
        #expect(paid.contains("Олгосон"), "the status, in Mongolian")
    }
}
