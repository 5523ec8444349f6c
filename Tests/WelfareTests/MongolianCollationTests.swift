import SyncModel
import Testing

@Suite("Mongolian sort order")
struct MongolianCollationTests {
    @Test("Names sort in Mongolian alphabet order, where code-point order is wrong", arguments: [
        (["Янжмаа", "Өлзий", "Онон", "Пүрэв"], ["Онон", "Өлзий", "Пүрэв", "Янжмаа"]),
        (["Фаина", "Үүрцайх", "Улаан", "Уянга"], ["Улаан", "Уянга", "Үүрцайх", "Фаина"]),
        (["Жаргал", "Ёндон", "Ерөөлт", "Есүй"], ["Ерөөлт", "Есүй", "Ёндон", "Жаргал"]),
        (["Батөлзий", "Баточир", "Батпүрэв"], ["Баточир", "Батөлзий", "Батпүрэв"]),
        (["Отгон", "өлзий", "Оюун"], ["Отгон", "Оюун", "өлзий"]),
    ])
    func alphabetOrder(_ names: [String], _ expected: [String]) {
        #expect(MongolianCollation.sorted(names) == expected)
        #expect(names.sorted(by: MongolianCollation.areInIncreasingOrder) == expected)
    }

    @Test("Code-point order would put Ө after Я")
    func codePointOrderIsWrong() {
        #expect(["Өлзий", "Янжмаа"].sorted() == ["Янжмаа", "Өлзий"])
        #expect(MongolianCollation.sorted(["Өлзий", "Янжмаа"]) == ["Өлзий", "Янжмаа"])
    }

    @Test("The 35 letters sort as the alphabet, capitals and small letters alike")
    func wholeAlphabet() {
        let alphabet = "АБВГДЕЁЖЗИЙКЛМНОӨПРСТУҮФХЦЧШЩЪЫЬЭЮЯ".map(String.init)
        #expect(alphabet.count == 35)
        #expect(MongolianCollation.sorted(alphabet.reversed()) == alphabet)
        let small = alphabet.map { $0.lowercased() }
        #expect(MongolianCollation.sorted(small.reversed()) == small)
    }

    @Test("Case is ignored first; ties then go capitals first by code point")
    func caseInsensitive() {
        #expect(MongolianCollation.sorted(["батбаяр", "бат", "Батаа", "БАТ", "Бат"]) == ["БАТ", "Бат", "бат", "Батаа", "батбаяр"])
        #expect(MongolianCollation.sorted(["өнөр", "Отгон", "Өнөр", "онон"]) == ["онон", "Отгон", "Өнөр", "өнөр"])
    }

    @Test("Punctuation, then digits, then Latin letters come before Cyrillic")
    func otherScripts() {
        #expect(MongolianCollation.sorted(["Анар", "Zaya", "1-р баг", "anna", "Бат-Эрдэнэ", "Батаа", "Бат Эрдэнэ"])
            == ["1-р баг", "anna", "Zaya", "Анар", "Бат Эрдэнэ", "Бат-Эрдэнэ", "Батаа"])
    }

    @Test("A composed and a decomposed letter weigh the same, and legacy Є sorts as Ө")
    func equivalents() {
        #expect(!MongolianCollation.areInIncreasingOrder("Й", "И\u{306}"))
        #expect(!MongolianCollation.areInIncreasingOrder("И\u{306}", "Й"))
        #expect(MongolianCollation.sorted(["Пүрэв", "Єнөр", "Оюун"]) == ["Оюун", "Єнөр", "Пүрэв"])
    }

    @Test("The order is strict: never a before a, and never both a before b and b before a")
    func strictOrder() {
        let names = ["Онон", "онон", "ОНОН", "Өлзий", "Үүрцайх", "Улаан", "Zaya", "1", "", "Бат-Эрдэнэ", "Ёндон", "Ерөөлт"]
        for a in names {
            #expect(!MongolianCollation.areInIncreasingOrder(a, a))
            for b in names where a != b {
                #expect(MongolianCollation.areInIncreasingOrder(a, b) != MongolianCollation.areInIncreasingOrder(b, a))
            }
        }
    }
}
