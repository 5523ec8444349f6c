import Foundation
import Testing

/// Complaints with the two programs, as a soum worker and a district officer type them.
@Suite(.serialized) struct ComplaintCommandLineTests {
    let dir = TemporaryDirectory()

    @Test func bothLevels_FromTheNodeAndTheHub_WithWhoMayAnswerEnforced() throws {
        let (hubDir, soum, hub) = try dir.servedOffice()
        defer { hub.stop() }
        let number = try Programs.run("halamj-node", ["case", "new", "--service", "elderly-age-gift", "--rd", "УБ45010112", "--name", "Дорж"], in: soum)
            .stdout.trimmingCharacters(in: .newlines)

        // A draft, no decision: a complaint is taken all the same.
        let filed = try Programs.run("halamj-node", ["case", "complain", number, "--text", "Өргөдлийг удаан хүлээлгэв"], in: soum)
        #expect(filed.status == 0 && filed.stdout.contains("1-р шатны гомдол бүртгэгдлээ"), "\(filed)")
        let early = try Programs.run("halamj-node", ["case", "complain", number, "--text", "Дээд шат", "--level", "2"], in: soum)
        #expect(early.status == 1 && early.stderr.contains("1-р шатны гомдлын хариу гараагүй"), "\(early)")
        let badLevel = try Programs.run("halamj-node", ["case", "complain", number, "--text", "x", "--level", "3"], in: soum)
        #expect(badLevel.status == 64 && badLevel.stderr.contains("--level is 1"))
        #expect(try Programs.run("halamj-node", ["case", "answer", number, "--text", "Уучлалт гуйв"], in: soum).status == 0)
        #expect(try Programs.run("halamj-node", ["case", "complain", number, "--text", "Хариуг эс зөвшөөрнө", "--level", "2"], in: soum).status == 0)
        let notOurs = try Programs.run("halamj-node", ["case", "answer", number, "--text", "Сум", "--level", "2"], in: soum)
        #expect(notOurs.status == 1 && notOurs.stderr.contains("(a level-2 complaint is answered by the higher body"), "\(notOurs)")
        let shown = try Programs.run("halamj-node", ["case", "show", number], in: soum).stdout
        #expect(shown.contains("Гомдол 1-р шат (complaint, level 1)") && shown.contains("Уучлалт гуйв — сум (soum)"))
        #expect(shown.contains("Гомдол 2-р шат (complaint, level 2)") && shown.contains("30 хоног үлдсэн (30 days left)"), "\(shown)")

        #expect(try Programs.run("halamj-node", ["sync"], in: soum).status == 0)
        let answered = try Programs.run("halamj-hub", ["case", "answer", number, "--level", "2", "--text", "Хүлээн авч шийдвэрлэв"], in: hubDir)
        #expect(answered.status == 0 && answered.stdout.contains("2-р шатны гомдолд хариулсан"), "\(answered)")
        // Level 1 of a draft is the soum's to answer, not the district's.
        let level1 = try Programs.run("halamj-hub", ["case", "answer", number, "--text", "Төв"], in: hubDir)
        #expect(level1.status == 1 && level1.stderr.contains("the soum's management answers level 1"))
        #expect(try Programs.run("halamj-hub", ["case", "complain", number, "--text", "Дүүрэгт ирж гомдол гаргав"], in: hubDir).status == 0)
        #expect(try Programs.run("halamj-node", ["sync"], in: soum).status == 0)
        let atSoum = try Programs.run("halamj-node", ["case", "show", number], in: soum).stdout
        #expect(atSoum.contains("Хүлээн авч шийдвэрлэв — төв (district hub)"), "\(atSoum)")
        #expect(atSoum.contains("Дүүрэгт ирж гомдол гаргав") && !atSoum.contains("Уучлалт гуйв"), "the new level 1 waits for its own answer")
        let audit = try Programs.run("halamj-hub", ["audit"], in: hubDir).stdout
        #expect(audit.contains("complaint answer") && audit.contains("complaint filed"), "\(audit)")
    }
}
