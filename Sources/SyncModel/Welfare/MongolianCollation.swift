/// Sorting names in Mongolian alphabet order: А Б В Г Д Е Ё Ж З И Й К Л М Н О Ө П Р С
/// Т У Ү Ф Х Ц Ч Ш Щ Ъ Ы Ь Э Ю Я (code-point order puts Ё, Ө and Ү in the wrong place).
///
/// Two levels. First, case-insensitively, character by character: spaces and
/// punctuation, then digits, then Latin letters (a-z), then Mongolian Cyrillic, then
/// anything else by code point; a prefix comes before the longer string. Ties are
/// broken by case and code point (Swift's `<`, capitals first), so the order is total
/// and the same on every machine. The legacy letters Є and Ї weigh as Ө and Ү (the
/// register number rule normalises them the same way). Decomposed forms (И + ◌̆) weigh
/// as the composed letter.
public enum MongolianCollation {
    public static let alphabet: [Character] = Array("АБВГДЕЁЖЗИЙКЛМНОӨПРСТУҮФХЦЧШЩЪЫЬЭЮЯ")

    private static let cyrillicWeight: [Character: Int] = {
        var weights: [Character: Int] = [:]
        for (i, upper) in alphabet.enumerated() {
            weights[upper] = i
            for lower in String(upper).lowercased() { weights[lower] = i }
        }
        let oe = alphabet.firstIndex(of: "Ө")!
        let ue = alphabet.firstIndex(of: "Ү")!
        for c: Character in ["Є", "є"] { weights[c] = oe }
        for c: Character in ["Ї", "ї"] { weights[c] = ue }
        return weights
    }()

    /// The primary (case-insensitive) weight of one character: (class, weight).
    static func weight(_ c: Character) -> (Int, UInt32) {
        if let w = cyrillicWeight[c] { return (3, UInt32(w)) }
        if c.isASCII, let ascii = c.asciiValue {
            switch ascii {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return (1, UInt32(ascii))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): return (2, UInt32(ascii + 32))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): return (2, UInt32(ascii))
            default: return (0, UInt32(ascii))
            }
        }
        let first = c.unicodeScalars.first!.value
        if c.isWhitespace || c.isPunctuation || c.isSymbol { return (0, first) }
        return (4, first)
    }

    static func key(_ s: String) -> [(Int, UInt32)] { s.map(weight) }

    static func primaryOrder(_ a: [(Int, UInt32)], _ b: [(Int, UInt32)]) -> Bool? {
        for (x, y) in zip(a, b) where x != y {
            return x < y
        }
        return a.count == b.count ? nil : a.count < b.count
    }

    public static func areInIncreasingOrder(_ a: String, _ b: String) -> Bool {
        primaryOrder(key(a), key(b)) ?? (a < b)
    }

    /// `names` in Mongolian order (each key computed once).
    public static func sorted(_ names: [String]) -> [String] {
        names.map { (name: $0, key: key($0)) }
            .sorted { primaryOrder($0.key, $1.key) ?? ($0.name < $1.name) }
            .map(\.name)
    }
}
