/// How many terminal columns text takes, so tables line up with Cyrillic, CJK and emoji.
///
/// Counted per grapheme cluster (what `Character` is): a base letter with combining
/// marks is one cell, an emoji sequence joined by ZWJ is one wide cell. Widths follow
/// the usual `wcwidth` rules: East Asian Wide/Fullwidth and emoji presentation take 2,
/// marks, format characters and controls take 0, everything else (Latin, Cyrillic
/// including Mongolian Ө and Ү) takes 1. The wide ranges cover the blocks real data
/// uses; rare scripts may be off by a column.
public enum DisplayWidth {
    public static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        // VS16 asks for the emoji (wide) form of a character that is narrow text by default, like ❤️.
        if let first = scalars.first, first.properties.isEmoji, scalars.contains("\u{FE0F}") {
            return 2
        }
        return scalars.reduce(0) { max($0, width(of: $1)) }
    }

    private static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) {
            return 0
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format:
            return 0
        default:
            break
        }
        // Hangul medial vowels and final consonants join the preceding initial's cell.
        if (0x1160...0x11FF).contains(value) {
            return 0
        }
        if scalar.properties.isEmojiPresentation || wideRanges.contains(where: { $0.contains(value) }) {
            return 2
        }
        return 1
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,    // Hangul Jamo initial consonants
        0x2329...0x232A,    // angle brackets
        0x2E80...0x303E,    // CJK radicals, punctuation, ideographic space
        0x3041...0x33FF,    // Hiragana, Katakana, Bopomofo, CJK compatibility
        0x3400...0x4DBF,    // CJK extension A
        0x4E00...0x9FFF,    // CJK unified ideographs
        0xA000...0xA4CF,    // Yi
        0xA960...0xA97F,    // Hangul Jamo extended A
        0xAC00...0xD7A3,    // Hangul syllables
        0xF900...0xFAFF,    // CJK compatibility ideographs
        0xFE10...0xFE19,    // vertical forms
        0xFE30...0xFE6F,    // CJK compatibility and small forms
        0xFF00...0xFF60,    // fullwidth forms
        0xFFE0...0xFFE6,    // fullwidth signs
        0x16FE0...0x16FE4,  // ideographic symbols
        0x17000...0x18CFF,  // Tangut
        0x1B000...0x1B2FF,  // Kana supplement and extensions
        0x1F200...0x1F2FF,  // enclosed ideographic supplement
        0x20000...0x2FFFD,  // CJK extensions B–F
        0x30000...0x3FFFD,  // CJK extension G and later
    ]
}
