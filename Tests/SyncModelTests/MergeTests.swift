import SyncModel
import Testing

/// Concrete merge scenarios (DESIGN §4): a soum office and its hub, sometimes a second
/// hub, each holding its own copy of one case. Expected states are written out by hand.
@Suite("Merge scenarios")
struct MergeTests {
    /// A case the soum created and the hub has already received.
    static func sharedBase() -> (base: Record, soum: Writer, hub: Writer) {
        var soum = Writer("soum-4305")
        var base = blankCase()
        soum.write(["name": "Дорж", "phone": "99112233", "status": "draft"], to: &base)
        return (base, soum, Writer("hub-43"))
    }

    @Test func concurrentEditsOfDifferentFieldsAreBothKept() {
        let (base, soumWriter, hubWriter) = Self.sharedBase()
        var soum = soumWriter, hub = hubWriter
        var atSoum = base, atHub = base
        let soumDot = soum.write(["name": "Доржсүрэн"], to: &atSoum)
        let hubDot = hub.write(["phone": "88001100"], to: &atHub)

        for merged in [atSoum.merged(with: atHub), atHub.merged(with: atSoum)] {
            #expect(merged.entries("name").map(\.dot) == [soumDot])
            #expect(merged.entries("phone").map(\.dot) == [hubDot])
            #expect(merged.currentValues == ["name": "Доржсүрэн", "phone": "88001100", "status": "draft"])
            #expect(merged.fieldsWithSiblings.isEmpty)
            #expect(merged.vector == vv(["soum-4305": 2, "hub-43": 1]))
        }
    }

    @Test func concurrentEditsOfTheSameFieldBecomeSiblings() {
        let (base, soumWriter, hubWriter) = Self.sharedBase()
        var soum = soumWriter, hub = hubWriter
        var atSoum = base, atHub = base
        let soumDot = soum.write(["name": "Доржсүрэн"], to: &atSoum, now: 2_000)
        let hubDot = hub.write(["name": "Дорж Бат"], to: &atHub, now: 3_000)

        let merged = atSoum.merged(with: atHub)
        #expect(merged == atHub.merged(with: atSoum))
        #expect(merged.fieldsWithSiblings == ["name"])
        #expect(merged.dots("name") == [soumDot, hubDot])
        #expect(merged.values("name") == ["Дорж Бат", "Доржсүрэн"])
        #expect(!merged.values("name").contains("Дорж"), "the value both writes replaced is gone")
        #expect(merged.value("name") == "Дорж Бат", "the current value is the one with the later clock reading")
        #expect(merged.values("phone") == ["99112233"])
        #expect(merged.vector == vv(["soum-4305": 2, "hub-43": 1]))
    }

    @Test func aLaterWriteThatHasSeenBothSiblingsReplacesThemEverywhereAfterMerge() {
        let (base, soumWriter, hubWriter) = Self.sharedBase()
        var soum = soumWriter, hub = hubWriter
        var atSoum = base, atHub = base
        soum.write(["name": "Доржсүрэн"], to: &atSoum)
        hub.write(["name": "Дорж Бат"], to: &atHub)

        // The soum pushes: the hub now holds both siblings, and a person there chooses.
        atHub = atHub.merged(with: atSoum)
        #expect(atHub.fieldsWithSiblings == ["name"])
        let closing = hub.write(["name": "Доржсүрэн Бат"], to: &atHub)
        #expect(atHub.fieldsWithSiblings.isEmpty)

        // Every copy that still holds a sibling (or both, or neither) takes the choice.
        let soumWithBoth = atSoum.merged(with: base).merged(with: hubFirstCopy(base, hubWriter))
        for other in [atSoum, soumWithBoth, base, atSoum.merged(with: atHub.merged(with: atSoum))] {
            for merged in [other.merged(with: atHub), atHub.merged(with: other)] {
                #expect(merged.entries("name").map(\.dot) == [closing])
                #expect(merged.value("name") == "Доржсүрэн Бат")
                #expect(merged.fieldsWithSiblings.isEmpty)
            }
        }
    }

    /// The hub's copy right after its first concurrent write (a copy the soum may get
    /// through another path before the hub's choice arrives).
    private func hubFirstCopy(_ base: Record, _ hubWriter: Writer) -> Record {
        var hub = hubWriter, copy = base
        hub.write(["name": "Дорж Бат"], to: &copy)
        return copy
    }

    @Test func aStaleCopyMergedWithANewerOneChangesNothingOfTheNewer() {
        let (base, soumWriter, hubWriter) = Self.sharedBase()
        var soum = soumWriter, hub = hubWriter
        var copies = [base]
        var current = base
        soum.write(["name": "A"], to: &current)
        copies.append(current)
        hub.write(["phone": "1", "name": "B"], to: &current)
        copies.append(current)
        soum.write([Record.tombstoneField: "true", "status": "submitted"], to: &current)
        copies.append(current)
        hub.write(["name": "C"], to: &current)
        let newest = current
        for stale in copies {
            #expect(newest.merged(with: stale) == newest)
            #expect(stale.merged(with: newest) == newest)
        }
        #expect(newest.currentValues == ["name": "C", "phone": "1", "status": "submitted", "deleted": "true"])
    }

    @Test func anEditIsNotUndoneByACopyThatOnlySawAnOlderValue() {
        // The hub received the soum's first name, then wrote a different field only.
        let (base, soumWriter, hubWriter) = Self.sharedBase()
        var soum = soumWriter, hub = hubWriter
        var atHub = base
        hub.write(["status": "submitted"], to: &atHub)
        var atSoum = base
        let rename = soum.write(["name": "Шинэ нэр"], to: &atSoum)
        for merged in [atSoum.merged(with: atHub), atHub.merged(with: atSoum)] {
            #expect(merged.entries("name").map(\.dot) == [rename])
            #expect(merged.value("status") == "submitted")
            #expect(merged.fieldsWithSiblings.isEmpty)
        }
    }

    @Test func deletionConcurrentWithAnEditKeepsBoth() {
        let (base, soumWriter, hubWriter) = Self.sharedBase()
        var soum = soumWriter, hub = hubWriter
        var atSoum = base, atHub = base
        let edit = soum.write(["name": "Дорж (засвар)", "phone": "95000000"], to: &atSoum)
        let deletion = hub.write([Record.tombstoneField: "true"], to: &atHub)

        for merged in [atSoum.merged(with: atHub), atHub.merged(with: atSoum)] {
            #expect(merged.isDeleted)
            #expect(merged.entries(Record.tombstoneField).map(\.dot) == [deletion])
            #expect(merged.entries("name").map(\.dot) == [edit], "the edit made while deleting is kept")
            #expect(merged.value("phone") == "95000000")
            #expect(merged.fieldsWithSiblings.isEmpty)
        }
    }

    @Test func aDeletionConcurrentWithAnUndeleteIsAConflictOnTheTombstone() {
        let (base, soumWriter, hubWriter) = Self.sharedBase()
        var soum = soumWriter, hub = hubWriter
        var deleted = base
        soum.write([Record.tombstoneField: "true"], to: &deleted)
        var atSoum = deleted, atHub = deleted
        soum.write([Record.tombstoneField: "false", "name": "сэргээсэн"], to: &atSoum)
        hub.write([Record.tombstoneField: "true", "notes": "давхар бүртгэл"], to: &atHub)
        let merged = atSoum.merged(with: atHub)
        #expect(merged == atHub.merged(with: atSoum))
        #expect(merged.fieldsWithSiblings == [Record.tombstoneField])
        #expect(merged.values(Record.tombstoneField) == ["false", "true"])
        #expect(merged.value("name") == "сэргээсэн")
        #expect(merged.value("notes") == "давхар бүртгэл")
    }

    @Test func siblingsFromTwoHubsAndASoumAreAllKeptUntilOneWriteHasSeenThemAll() {
        let (base, soumWriter, hubWriter) = Self.sharedBase()
        var soum = soumWriter, hub = hubWriter, national = Writer("hub-national")
        var a = base, b = base, c = base
        soum.write(["name": "A"], to: &a)
        hub.write(["name": "B"], to: &b)
        national.write(["name": "C"], to: &c)
        var ab = a.merged(with: b)
        #expect(ab.values("name") == ["A", "B"])
        // A write that has seen only two of the three siblings leaves the third.
        let partial = hub.write(["name": "AB"], to: &ab)
        let all = ab.merged(with: c)
        #expect(all.values("name") == ["AB", "C"])
        #expect(all.dots("name") == [partial, dot("hub-national", 1)])
        var closed = all
        let close = national.write(["name": "ABC"], to: &closed)
        #expect(closed.merged(with: a).merged(with: b).merged(with: c).entries("name").map(\.dot) == [close])
    }

    @Test func mergingACopyWithItselfOrWithABlankCopyChangesNothing() {
        let (base, soumWriter, hubWriter) = Self.sharedBase()
        var soum = soumWriter, hub = hubWriter
        var a = base, b = base
        soum.write(["name": "A"], to: &a)
        hub.write(["name": "B"], to: &b)
        let siblings = a.merged(with: b)
        for record in [base, a, siblings] {
            #expect(record.merged(with: record) == record)
            #expect(record.merged(with: blankCase()) == record)
            #expect(blankCase().merged(with: record) == record)
        }
    }

    @Test func recordsCreatedIndependentlyWithTheSameIDMerge() {
        // Two replicas create the "same" record offline (e.g. the hub pre-creates a case
        // the soum is also registering): nothing is lost, equal fields become siblings.
        var soum = Writer("soum-4305"), hub = Writer("hub-43")
        var a = blankCase(), b = blankCase()
        soum.write(["name": "A", "rd": "УБ99031212"], to: &a)
        hub.write(["name": "A2", "service": "welfare-pension"], to: &b)
        let merged = a.merged(with: b)
        #expect(merged.values("name") == ["A", "A2"])
        #expect(merged.value("rd") == "УБ99031212")
        #expect(merged.value("service") == "welfare-pension")
    }
}
