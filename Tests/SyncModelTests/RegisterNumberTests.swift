import SyncModel
import Testing

@Suite("Register numbers (РД)")
struct RegisterNumberTests {
    struct Valid: Sendable, CustomTestStringConvertible {
        let input: String
        let text: String
        let year: Int, month: Int, day: Int
        let male: Bool
        var testDescription: String { input }
    }

    @Test(arguments: [
        Valid(input: "УБ99031212", text: "УБ99031212", year: 1999, month: 3, day: 12, male: true),
        // Births from 2000 add 20 to the month: 05 / 23 / 14 is 14 March 2005.
        Valid(input: "ЧД05231456", text: "ЧД05231456", year: 2005, month: 3, day: 14, male: true),
        Valid(input: "АА00222925", text: "АА00222925", year: 2000, month: 2, day: 29, male: false),  // 2000 is leap
        Valid(input: "ӨҮ85123141", text: "ӨҮ85123141", year: 1985, month: 12, day: 31, male: false),
        Valid(input: "ЁЯ10321020", text: "ЁЯ10321020", year: 2010, month: 12, day: 10, male: false),
        Valid(input: "ЮЭ96022903", text: "ЮЭ96022903", year: 1996, month: 2, day: 29, male: false),
        Valid(input: "ТА00010131", text: "ТА00010131", year: 1900, month: 1, day: 1, male: true),
        Valid(input: "уб99031212", text: "УБ99031212", year: 1999, month: 3, day: 12, male: true),  // lower case
        Valid(input: "  УБ99031212\n", text: "УБ99031212", year: 1999, month: 3, day: 12, male: true),  // spaces
    ])
    func aValidRegisterNumberGivesItsBirthDateAndSex(_ v: Valid) throws {
        let rd = try RegisterNumber.parse(v.input)
        #expect(rd.text == v.text)
        #expect(rd.description == v.text)
        #expect(rd.birthYear == v.year)
        #expect(rd.birthMonth == v.month)
        #expect(rd.birthDay == v.day)
        #expect(rd.isMale == v.male)
    }

    @Test(arguments: [
        ("ЄБ99031212", "ӨБ99031212"),
        ("УЇ99031212", "УҮ99031212"),
        ("ЄЇ99031212", "ӨҮ99031212"),
        ("єї99031212", "ӨҮ99031212"),  // legacy letters typed in lower case
    ])
    func legacyLettersAreNormalised(input: String, expected: String) throws {
        let rd = try RegisterNumber.parse(input)
        #expect(rd.text == expected)
        #expect(try RegisterNumber.parse(input) == RegisterNumber.parse(expected))
    }

    @Test(arguments: ["UB99031212", "ub99031212", "AB99031212", "XO99031212"])
    func latinLettersAreRefused(input: String) {
        #expect(throws: RegisterNumber.Problem.latinLetters(input.uppercased())) {
            try RegisterNumber.parse(input)
        }
    }

    // One Latin look-alike among Cyrillic letters (Latin B, A, O, Y, Ɵ for Ө), or letters that
    // are not in the Mongolian alphabet at all.
    @Test(arguments: ["УB99031212", "AБ99031212", "ОO99031212", "YБ99031212", "ƟБ99031212", "ӘБ99031212", "1Б99031212", "Б999031212"])
    func lettersThatAreNotMongolianCyrillicAreRefused(input: String) {
        #expect(throws: RegisterNumber.Problem.notCyrillicLetters(input)) {
            try RegisterNumber.parse(input)
        }
    }

    @Test(arguments: [
        "УБ99023012",  // 30 February
        "УБ99022912",  // 29 February 1999
        "УБ00022912",  // 29 February 1900: not a leap year
        "УБ05222912",  // 29 February 2005
        "УБ99133112",  // month 13
        "УБ99333112",  // month 33 (13 + 20)
        "УБ99201012",  // month 20 (0 + 20)
        "УБ99001012",  // month 0
        "УБ99030012",  // day 0
        "УБ99043112",  // 31 April
        "УБ99243112",  // 31 April 1999 + 20
        "УБ99013212",  // 32 January
    ])
    func impossibleDatesAreRefused(input: String) {
        #expect(throws: RegisterNumber.Problem.impossibleDate(input)) {
            try RegisterNumber.parse(input)
        }
    }

    @Test(arguments: [("", 0), ("УБ", 2), ("УБ9903121", 9), ("УБ990312123", 11), ("УБ 99031212", 11)])
    func aRegisterNumberOfTheWrongLengthIsRefused(input: String, length: Int) {
        #expect(throws: RegisterNumber.Problem.wrongLength(length)) {
            try RegisterNumber.parse(input)
        }
    }

    @Test(arguments: ["УБ9903121А", "УБ99-31212", "УБ９９031212", "УБ٩٩031212"])
    func anythingButEightASCIIDigitsIsRefused(input: String) {
        #expect(throws: RegisterNumber.Problem.notDigits(input)) {
            try RegisterNumber.parse(input)
        }
    }

    @Test(arguments: 0...9)
    func theSexDigitIsOddForMenAndEvenForWomen(digit: Int) throws {
        // The sex digit follows YYMMDD; the last digit must not matter.
        for last in [0, 1] {
            let rd = try RegisterNumber.parse("УБ990312\(digit)\(last)")
            #expect(rd.isMale == (digit % 2 == 1), "sex digit \(digit), last digit \(last)")
        }
    }

    @Test func problemsExplainThemselves() {
        #expect(RegisterNumber.Problem.wrongLength(9).description.contains("9"))
        #expect(RegisterNumber.Problem.latinLetters("UB99031212").description.contains("Cyrillic"))
    }

    @Test func problemsSpeakMongolianFirst() {
        let problem = RegisterNumber.Problem.impossibleDate("УБ99133112")
        #expect(problem.description.hasPrefix("Регистрийн дугаарт буй төрсөн огноо буруу байна ("))
        #expect(problem.description.hasSuffix("(the birth date in 'УБ99133112' is not a real date)"))
    }

    @Test func aBirthDateAfterToday_IsRefused_ForANewNumber_WithADayOfSlack() throws {
        let today = try #require(CivilDate(year: 2026, month: 12, day: 4))
        // Born 2026-12-05: tomorrow in UTC may be today in Ulaanbaatar.
        #expect(try RegisterNumber.parse("УБ26320512", bornBy: today).birthDay == 5)
        #expect(throws: RegisterNumber.Problem.futureBirthDate("УБ26320612")) { try RegisterNumber.parse("УБ26320612", bornBy: today) }
        // Was: accepted, and shown as "-4 настай".
        #expect(throws: RegisterNumber.Problem.futureBirthDate("УБ30230312")) { try RegisterNumber.parse("УБ30230312", bornBy: today) }
        // Looking up a number already recorded does not ask.
        #expect(try RegisterNumber.parse("УБ30230312").birthYear == 2030)
    }
}
