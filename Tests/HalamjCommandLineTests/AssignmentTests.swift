import Testing
import HalamjCommandLine

@Suite("Assignment")
struct AssignmentTests {
    @Test("a field and a Cyrillic value are split at the equals sign")
    func cyrillicValue() throws {
        #expect(try Assignment.parse("name=Бат-Эрдэнэ") == Assignment(field: "name", value: "Бат-Эрдэнэ"))
    }

    @Test("only the first equals sign splits, so the value may contain more")
    func valueWithEquals() throws {
        #expect(try Assignment.parse("a=b=c") == Assignment(field: "a", value: "b=c"))
    }

    @Test("an empty value is allowed so a field can be cleared")
    func emptyValue() throws {
        #expect(try Assignment.parse("note=") == Assignment(field: "note", value: ""))
    }

    @Test("a value starting with a combining mark is split correctly")
    func combiningMarkAfterEquals() throws {
        #expect(try Assignment.parse("mark=\u{301}x") == Assignment(field: "mark", value: "\u{301}x"))
    }

    @Test("a Cyrillic field name is allowed")
    func cyrillicField() throws {
        #expect(try Assignment.parse("нэр=Дорж") == Assignment(field: "нэр", value: "Дорж"))
    }

    @Test("a word without an equals sign is a usage error")
    func noEquals() {
        let usage = Usage("halamj-node set", "<case-number> <field>=<value>...")
        let error = #expect(throws: UsageError.self) { try Assignment.parse("name", usage: usage) }
        #expect(error == UsageError("Expected <field>=<value>, but got 'name'", usage: usage))
    }

    @Test("an empty field name is a usage error")
    func emptyField() {
        let error = #expect(throws: UsageError.self) { try Assignment.parse("=value") }
        #expect(error?.message == "Missing field name before '=' in '=value'")
    }
}
