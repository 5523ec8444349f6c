import SyncModel
import Testing

@Suite("Document checklists")
struct ChecklistTests {
    static let careServices: [Service] = [.careElderly, .careDisabled, .careChildren]

    @Test("Specialized care asks for exactly the 14 documents of the source, in its order", arguments: careServices)
    func fourteenDocuments(_ service: Service) {
        let documents = Checklists.documents(for: service)
        #expect(documents.count == 14)
        #expect(documents.map(\.id) == [
            "care_application", "governor_reference", "citizen_id", "personal_questionnaire",
            "pension_book", "health_insurance_book", "health_book", "health_assessment", "lab_tests",
            "social_worker_assessment", "official_letter", "governor_decree", "photos",
            "no_relatives_certificate",
        ])
        #expect(documents.first?.mongolian == "Асрамжийн газарт асруулахыг хүссэн өргөдөл")
        #expect(documents[2].mongolian == "Иргэний үнэмлэх")
        #expect(documents[12].mongolian == "Цээж зураг 2-4 хувь")
        #expect(documents.last?.mongolian
            == "Асруулагчийн үр хүүхэд, ах дүү, төрөл төрөгсөдгүй болохыг нотлох улсын бүртгэлийн архивын лавлагаа")
    }

    @Test("With 13 of the 14 documents received, the one missing is named", arguments: Array(0..<14))
    func oneMissing(_ index: Int) {
        let documents = Checklists.documents(for: .careElderly)
        var values: [String: String] = [:]
        for (i, document) in documents.enumerated() where i != index {
            values[document.field] = ["received", "yes", "true", "1"][i % 4]
        }
        #expect(Checklists.missing(for: .careElderly, in: values) == [documents[index]])
        #expect(!Checklists.isComplete(for: .careElderly, in: values))
        values[documents[index].field] = "received"
        #expect(Checklists.missing(for: .careElderly, in: values).isEmpty)
        #expect(Checklists.isComplete(for: .careElderly, in: values))
    }

    @Test("Only the flag policy's received values count as received", arguments: [
        ("received", true), ("yes", true), ("true", true), ("1", true),
        ("missing", false), ("no", false), ("", false), ("0", false), ("Received", false),
    ])
    func receivedValues(_ value: String, _ received: Bool) {
        let values = ["doc_citizen_id": value]
        let missing = Checklists.missing(for: .elderlyAgeGift, in: values).map(\.id)
        #expect(missing.contains("citizen_id") == !received)
        #expect(MergePolicy.receivedValues.contains(value) == received)
    }

    @Test("With nothing received, every document is missing", arguments: Service.allCases)
    func nothingReceived(_ service: Service) {
        #expect(Checklists.missing(for: service, in: [:]) == Checklists.documents(for: service))
        #expect(Checklists.missing(for: service, in: ["name": "Бат", "doc_unknown": "yes"]).count
            == Checklists.documents(for: service).count)
    }

    @Test("Every service has a checklist with unique snake_case ids whose fields are flag fields (the district's: hub authority)", arguments: Service.allCases)
    func wellFormed(_ service: Service) {
        let documents = Checklists.documents(for: service)
        #expect(!documents.isEmpty)
        #expect(Set(documents.map(\.id)).count == documents.count)
        for document in documents {
            #expect(Document.isValidID(document.id), "\(document.id)")
            #expect(document.field == "doc_" + document.id)
            #expect(CaseFields.isValidFieldName(document.field))
            #expect(FieldPolicies.policy(collection: CaseFields.collection, field: document.field)
                    == (document.stage == .district ? .hubAuthority : .flag))
            #expect(!document.mongolian.isEmpty && !document.english.isEmpty)
        }
    }

    @Test("The documents the law asks for appear where expected", arguments: [
        (Service.pregnancyAllowance, "pregnancy_certificate"),
        (.childCareAllowance, "child_birth_certificate"),
        (.twinsAllowance, "twins_birth_certificates"),
        (.singleParentAllowance, "single_parent_reference"),
        (.mothersGlory1, "order_certificate"),
        (.mothersGlory2, "order_certificate"),
        (.welfarePension, "insurance_reference"),
        (.careTriplets, "parents_consent"),
        (.elderlyAgeGift, "citizen_id"),
    ])
    func lawDocuments(_ service: Service, _ id: String) {
        #expect(Checklists.documents(for: service).map(\.id).contains(id))
    }

    @Test("A document reads as every label does: its Mongolian name, then the English in parentheses")
    func documentReadsAsItsLabel() throws {
        let citizenID = try #require(Checklists.documents(for: .elderlyAgeGift).first { $0.id == "citizen_id" })
        #expect("\(citizenID)" == "Иргэний үнэмлэх (citizen ID card)")
        #expect("\(citizenID)" == "\(citizenID.label)")
        #expect(citizenID.mongolian == "Иргэний үнэмлэх" && citizenID.english == "citizen ID card")
    }

    @Test("Document ids are snake_case ASCII", arguments: [
        ("citizen_id", true), ("doc2", true), ("Citizen", false), ("citizen-id", false),
        ("_x", false), ("1x", false), ("", false), ("иргэн", false),
    ])
    func documentIDs(_ id: String, _ valid: Bool) {
        #expect(Document.isValidID(id) == valid)
    }
}
