import SyncModel
import Testing

/// What a hub's case index keeps of a case for the district's desk: the service as a byte,
/// and the day a decree was written until its soum acknowledges it.
@Suite struct CaseIndexTests {
    @Test func everyServiceHasItsOwnIndexCode() {
        let codes = Service.allCases.map(\.indexCode)
        #expect(Set(codes).count == Service.allCases.count, "two services share a code: \(codes)")
        #expect(codes.allSatisfy { (1...255).contains($0) }, "a code fits the one byte SQLite stores it in")
    }

    @Test func theServiceCode_IsACasesService_AndNothingForAnUnknownOne() {
        var record = blankCase()
        var soum = Writer("soum-4305")
        #expect(CaseIndex.serviceCode(record) == nil)
        soum.write([CaseFields.service: Service.careElderly.rawValue], to: &record)
        #expect(CaseIndex.serviceCode(record) == Service.careElderly.indexCode)
        soum.write([CaseFields.service: "no-such-service"], to: &record)
        #expect(CaseIndex.serviceCode(record) == nil)
    }

    @Test func theDeliveryDay_IsTheDayTheDecreeWasWritten_UntilTheSoumAcknowledgesThatDecree() {
        var record = blankCase()
        var hub = Writer("hub-43")
        var soum = Writer("soum-4305")
        let day: Int64 = 20_000
        soum.write([CaseFields.service: Service.elderlyAgeGift.rawValue], to: &record, now: day * 86_400_000)
        #expect(CaseIndex.deliveryDay(record) == nil, "no decree yet")
        hub.write([WorkflowFields.decreeNumber: "А/1"], to: &record, now: (day + 1) * 86_400_000 + 5_000)
        #expect(CaseIndex.deliveryDay(record) == Int(day + 1))
        soum.write([WorkflowFields.decisionDeliveredFor: "А/1"], to: &record, now: (day + 2) * 86_400_000)
        #expect(CaseIndex.deliveryDay(record) == nil, "acknowledged")
        hub.write([WorkflowFields.decreeNumber: "А/2"], to: &record, now: (day + 3) * 86_400_000)
        #expect(CaseIndex.deliveryDay(record) == Int(day + 3), "a new decree waits again")
    }
}
