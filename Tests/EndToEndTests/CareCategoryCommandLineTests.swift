import Foundation
import SyncModel
import Testing

/// The care category through the two programs: given at `case new`, checked, required
/// by `case submit`, and shown with the decision by `decide` and both `case show`s.
@Suite(.serialized) struct CareCategoryCommandLineTests {
    let dir = TemporaryDirectory()

    @Test func anUnknownOrUnfittingCategory_IsAUsageError_ListingTheOnesThatFit() throws {
        let soum = try dir.folder("soum")
        try "soum-4305.\(String(repeating: "0", count: 64))".write(to: soum.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        #expect(try Programs.run("halamj-node", ["init", "--office", "soum-4305", "--hub", "http://127.0.0.1:1", "--token-file", "token"], in: soum).status == 0)
        let unknown = try Programs.run("halamj-node", ["case", "new", "--service", "care-children", "--rd", "УБ15231224",
                                                       "--name", "Тэмүүлэн", "--care-category", "orphan"], in: soum)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("Ангилал 'orphan' байхгүй"))
        #expect(unknown.stderr.contains("child_in_difficult_circumstances, disabled_child_in_permanent_care"))
        let unfitting = try Programs.run("halamj-node", ["case", "new", "--service", "care-elderly", "--rd", "УБ45010112",
                                                         "--name", "Дорж", "care_category=triplets_under_4"], in: soum)
        #expect(unfitting.status == 64)
        #expect(unfitting.stderr.contains("does not fit care-elderly") && unfitting.stderr.contains("elderly_without_support"))
        #expect(try Programs.run("halamj-node", ["case", "list", "--json"], in: soum).stdout.filter { !$0.isWhitespace } == "[]")
        let help = try Programs.run("halamj-node", ["case", "--help"], in: soum)
        #expect(help.stdout.contains("care-disabled: disabled_without_support, disabled_child_in_permanent_care"))
        // Whole names, never clipped.
        #expect(help.stdout.contains("0-3 хүртэлх насны хүүхэд асарсны тэтгэмж (child care allowance (0-3))"))
        #expect(help.stdout.contains("Эхийн алдар 2 дугаар одонтой эхэд олгох мөнгөн тусламж"))
    }

    @Test func aCareCase_GoesUpWithItsCategory_AndTheDecisionShowsItAsItsGround() throws {
        let (hubDir, soum, hub) = try dir.servedOffice()
        defer { hub.stop() }

        let number = try Programs.run("halamj-node", ["case", "new", "--service", "care-disabled", "--rd", "УБ80010112", "--name", "Бат"], in: soum)
            .stdout.trimmingCharacters(in: .newlines)
        let documents = Checklists.documents(for: .careDisabled, stage: .soum).map { "\($0.field)=received" }
        #expect(try Programs.run("halamj-node", ["case", "set", number] + documents, in: soum).status == 0)
        let refused = try Programs.run("halamj-node", ["case", "submit", number], in: soum)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("Хамрагдах иргэний ангилал сонгоогүй тул илгээх боломжгүй"), "\(refused.stderr)")
        #expect(try Programs.run("halamj-node", ["case", "set", number, "care_category=disabled_child_in_permanent_care"], in: soum).status == 0)
        let shown = try Programs.run("halamj-node", ["case", "show", number], in: soum).stdout
        #expect(shown.contains("Хамрагдах иргэн (care category):"))
        #expect(shown.contains("disabled_child_in_permanent_care — Байнгын асрамжид байдаг хөгжлийн бэрхшээлтэй 18 хүртэлх насны хүүхэд (a child under 18 with a disability who needs permanent care)"))
        #expect(try Programs.run("halamj-node", ["case", "submit", number], in: soum).status == 0)
        #expect(try Programs.run("halamj-node", ["sync"], in: soum).status == 0)

        let decided = try Programs.run("halamj-hub", ["decide", number, "--approve", "--decree", "А/77", "--date", "2026-11-26", "--received", "official_letter"], in: hubDir)
        #expect(decided.status == 0, "\(decided.stderr)")
        #expect(decided.stdout.contains("Үндэслэл: хамрагдах иргэн (legal ground, care category): disabled_child_in_permanent_care — Байнгын асрамжид байдаг"))
        let atHub = try Programs.run("halamj-hub", ["case", "show", number], in: hubDir).stdout
        #expect(atHub.contains("Шийдвэрийн үндэслэл: хамрагдах иргэн (decision's legal ground):"))
        #expect(atHub.contains("disabled_child_in_permanent_care — Байнгын асрамжид байдаг"))
        #expect(try Programs.run("halamj-node", ["sync"], in: soum).status == 0)
        let atSoum = try Programs.run("halamj-node", ["case", "show", number], in: soum).stdout
        #expect(atSoum.contains("Шийдвэрийн үндэслэл: хамрагдах иргэн (decision's legal ground):"))
        // The office cannot write the decision's ground itself.
        let forged = try Programs.run("halamj-node", ["case", "set", number, "decision_care_category=disabled_without_support"], in: soum)
        #expect(forged.status == 1 && forged.stderr.contains("only the district hub"))
    }
}
