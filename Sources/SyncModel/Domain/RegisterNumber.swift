/// A Mongolian civil register number (РД): two Cyrillic letters and eight digits,
/// YYMMDD (month + 20 for births from 2000), then the sex digit (odd for men, even
/// for women) and one more. The check algorithm is not published: format and date
/// are validated, nothing more.
public struct RegisterNumber: Hashable, Sendable, CustomStringConvertible {
    public let text: String
    public let birthYear: Int
    public let birthMonth: Int
    public let birthDay: Int
    public let isMale: Bool

    public var description: String { text }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case wrongLength(Int)
        case latinLetters(String)
        case notCyrillicLetters(String)
        case notDigits(String)
        case impossibleDate(String)
        case futureBirthDate(String)

        /// Mongolian first, the English after it, as every message a worker reads.
        public var description: String { "\(mongolian) (\(english))" }

        public var mongolian: String {
            switch self {
            case .wrongLength(let n): "Регистрийн дугаар 2 кирилл үсэг, 8 цифр (10 тэмдэгт) байна; энд \(n) тэмдэгт байна"
            case .latinLetters: "Латин үсэг ашигласан байна; үсгийг кириллээр бичнэ үү"
            case .notCyrillicLetters: "Эхний хоёр тэмдэгт кирилл үсэг байх ёстой"
            case .notDigits: "Сүүлийн 8 тэмдэгт цифр байх ёстой"
            case .impossibleDate: "Регистрийн дугаарт буй төрсөн огноо буруу байна"
            case .futureBirthDate: "Регистрийн дугаарт буй төрсөн огноо ирээдүйд байна"
            }
        }

        public var english: String {
            switch self {
            case .wrongLength(let n):
                "a register number is 2 Cyrillic letters and 8 digits (10 characters), this one has \(n)"
            case .latinLetters(let s):
                "'\(s)' uses Latin letters; type the register number's letters in Cyrillic"
            case .notCyrillicLetters(let s):
                "'\(s)' must start with two Cyrillic letters"
            case .notDigits(let s):
                "'\(s)' must end with 8 digits"
            case .impossibleDate(let s):
                "the birth date in '\(s)' is not a real date"
            case .futureBirthDate(let s):
                "the birth date in '\(s)' is in the future"
            }
        }
    }

    /// `parse`, and the birth date no later than `today` (a day of slack for the hours
    /// between UTC and Mongolia's time). For a number typed in for a new person or case;
    /// looking up one already recorded takes `parse` alone.
    public static func parse(_ input: String, bornBy today: CivilDate) throws(Problem) -> RegisterNumber {
        let number = try parse(input)
        if today.adding(days: 1) < number.birthDate { throw .futureBirthDate(number.text) }
        return number
    }

    /// Cyrillic capitals used in register numbers: А-Я, Ё, Ө, Ү.
    private static func isMongolianCyrillic(_ c: Character) -> Bool {
        guard let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1 else { return false }
        return (0x0410...0x042F).contains(scalar.value) || c == "Ё" || c == "Ө" || c == "Ү"
    }

    /// Upper-cases and normalises legacy letters (Є -> Ө, Ї -> Ү) before checking.
    public static func parse(_ input: String) throws(Problem) -> RegisterNumber {
        var text = input.trimmingWhitespace().uppercased()
        text = String(text.map { c -> Character in
            switch c {
            case "Є": "Ө"
            case "Ї": "Ү"
            default: c
            }
        })
        let chars = Array(text)
        guard chars.count == 10 else { throw .wrongLength(chars.count) }
        let letters = chars[0..<2]
        if letters.allSatisfy({ $0.isASCII && $0.isLetter }) { throw .latinLetters(text) }
        guard letters.allSatisfy(isMongolianCyrillic) else { throw .notCyrillicLetters(text) }
        let digits = chars[2...].compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard digits.count == 8 else { throw .notDigits(text) }
        let yy = digits[0] * 10 + digits[1]
        var month = digits[2] * 10 + digits[3]
        let day = digits[4] * 10 + digits[5]
        var year = 1900 + yy
        if month > 20 {
            month -= 20
            year = 2000 + yy
        }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else {
            throw .impossibleDate(text)
        }
        return RegisterNumber(
            text: text, birthYear: year, birthMonth: month, birthDay: day, isMale: digits[6] % 2 == 1)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
