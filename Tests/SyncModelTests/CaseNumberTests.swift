import SyncModel
import Testing

@Suite("Case numbers")
struct CaseNumberTests {
    @Test func aCaseNumberIsTheOfficeCodeTheYearAndASixDigitSequence() {
        #expect(CaseNumber.make(office: "soum-4305", year: 2026, sequence: 123) == "4305-2026-000123")
    }

    @Test func anOfficeIDWithoutADashIsItsOwnCode() {
        #expect(CaseNumber.officeCode(of: "4305") == "4305")
        #expect(CaseNumber.make(office: "4305", year: 2026, sequence: 123) == "4305-2026-000123")
        #expect(CaseNumber.make(office: "hub", year: 2026, sequence: 1) == "hub-2026-000001")
    }

    @Test(arguments: [
        ("soum-4305", "4305"), ("hub-43", "43"), ("khoroo-1107-05", "1107-05"),
    ])
    func theOfficeCodeIsWhatFollowsTheFirstDash(office: String, code: String) {
        #expect(CaseNumber.officeCode(of: office) == code)
    }

    @Test(arguments: [(1, "000001"), (999_999, "999999"), (1_234_567, "1234567")])
    func theSequenceIsPaddedToSixDigitsButNeverCut(sequence: Int, text: String) {
        #expect(CaseNumber.make(office: "soum-4305", year: 2026, sequence: sequence) == "4305-2026-\(text)")
    }

    @Test func twoOfficesNeverHandOutTheSameNumber() {
        var seen: [String: String] = [:]
        for office in ["soum-4305", "soum-4306", "soum-4307", "hub-43"] {
            for sequence in 1...200 {
                let number = CaseNumber.make(office: office, year: 2026, sequence: sequence)
                #expect(seen[number] == nil, "\(number) from \(office) and \(seen[number] ?? "")")
                seen[number] = office
            }
        }
    }
}
