import Testing
import HalamjCommandLine

@Suite("DisplayWidth")
struct DisplayWidthTests {
    @Test("Mongolian Cyrillic takes one column per letter")
    func mongolianCyrillic() {
        #expect(DisplayWidth.of("Дугаар") == 6)
        #expect(DisplayWidth.of("Төлөв") == 5)
        #expect(DisplayWidth.of("Үйлчилгээ") == 9)
        #expect(DisplayWidth.of("Бат-Эрдэнэ") == 10)
    }

    @Test("combining marks take no column of their own")
    func combiningMarks() {
        #expect(DisplayWidth.of("е\u{301}") == 1)
        #expect(DisplayWidth.of("Ё\u{301}ё") == 2)
        #expect(DisplayWidth.of("\u{301}") == 0)
    }

    @Test("CJK ideographs, kana and Hangul take two columns")
    func eastAsianWide() {
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("カナ") == 4)
        #expect(DisplayWidth.of("한국") == 4)
        #expect(DisplayWidth.of("ＡＢ") == 4)
    }

    @Test("emoji take two columns, including joined sequences and flags")
    func emoji() {
        #expect(DisplayWidth.of("👍") == 2)
        #expect(DisplayWidth.of("👨‍👩‍👧") == 2)
        #expect(DisplayWidth.of("🇲🇳") == 2)
        #expect(DisplayWidth.of("❤️") == 2)
        #expect(DisplayWidth.of("❤") == 1)
    }

    @Test("control and zero-width format characters take no columns")
    func invisible() {
        #expect(DisplayWidth.of("a\u{200B}b") == 2)
        #expect(DisplayWidth.of("\u{1B}") == 0)
        #expect(DisplayWidth.of("") == 0)
    }

    @Test("ASCII and box drawing take one column each")
    func narrow() {
        #expect(DisplayWidth.of("2026-0042") == 9)
        #expect(DisplayWidth.of("───") == 3)
    }
}
