import SyncModel
import Testing

@Suite("Birth date and sex from a register number")
struct RegisterNumberBirthTests {
    @Test("A register number gives the birth date (month + 20 from 2000) and the sex (odd digit: male)", arguments: [
        ("УБ99031512", "1999-03-15", Sex.male),
        ("УБ05231524", "2005-03-15", Sex.female),
        ("ӨЮ00222938", "2000-02-29", Sex.male),
        ("ЁА66031508", "1966-03-15", Sex.female),
        ("үү71123119", "1971-12-31", Sex.male),
    ])
    func birthDateAndSex(_ text: String, _ born: String, _ sex: Sex) throws {
        let rd = try RegisterNumber.parse(text)
        #expect(rd.birthDate == d(born))
        #expect(rd.sex == sex)
        let facts = ApplicantFacts(registerNumber: rd)
        #expect(facts.birthDate == d(born) && facts.sex == sex)
    }

    @Test("Sex has Mongolian labels")
    func sexLabels() {
        #expect(Sex.male.mongolian == "Эрэгтэй")
        #expect(Sex.female.mongolian == "Эмэгтэй")
    }
}
