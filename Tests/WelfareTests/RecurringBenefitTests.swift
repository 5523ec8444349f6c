import SyncModel
import Testing

/// Payment periods, the next period due, and the end dates the facts give (issue 15, item 5).
@Suite struct PaymentPeriodTests {
    @Test func periods_ParseInTheFormOfTheServicesFrequency_AndNoOther() {
        #expect(PaymentPeriod("2026-11", frequency: .monthly)?.text == "2026-11")
        #expect(PaymentPeriod("2026-q4", frequency: .quarterly)?.text == "2026-Q4")
        #expect(PaymentPeriod("2026-H2", frequency: .halfYearly)?.text == "2026-H2")
        #expect(PaymentPeriod("2026", frequency: .yearly)?.text == "2026")
        #expect(PaymentPeriod("2026-03", frequency: .once)?.text == "2026-03", "a one-off names the month paid")
        for (text, frequency) in [("2026-13", Period.monthly), ("2026-1", .monthly), ("2026-Q4", .monthly), ("2026-Q5", .quarterly),
                                  ("2026-H3", .halfYearly), ("2026-11", .quarterly), ("2026-H1", .yearly), ("26", .yearly),
                                  ("2026-11-01", .monthly), ("", .monthly), ("２０２６", .yearly)] {
            #expect(PaymentPeriod(text, frequency: frequency) == nil, "\(text) as \(frequency)")
        }
    }

    @Test func aPeriod_RunsFromItsFirstToItsLastDay_AndTheNextFollowsAcrossTheYear() throws {
        let q4 = try #require(PaymentPeriod("2026-Q4", frequency: .quarterly))
        #expect(q4.start == d("2026-10-01") && q4.end == d("2026-12-31"))
        #expect(q4.next.text == "2027-Q1")
        let february = try #require(PaymentPeriod("2028-02", frequency: .monthly))
        #expect(february.end == d("2028-02-29"), "a leap February")
        #expect(try #require(PaymentPeriod("2026-12", frequency: .monthly)).next.text == "2027-01")
        #expect(try #require(PaymentPeriod("2026-H2", frequency: .halfYearly)).start == d("2026-07-01"))
        #expect(PaymentPeriod.containing(d("2026-05-31"), frequency: .quarterly).text == "2026-Q2")
        #expect(PaymentPeriod.containing(d("2026-07-01"), frequency: .halfYearly).text == "2026-H2")
        #expect(q4.fieldName == "payment_2026-q4")
    }
}

@Suite struct BenefitEndTests {
    func facts(born: String = "1995-03-12", sex: Sex = .female, _ change: (inout ApplicantFacts) -> Void = { _ in }) -> ApplicantFacts {
        var facts = ApplicantFacts(birthDate: d(born), sex: sex)
        change(&facts)
        return facts
    }

    @Test func childCare_EndsOnTheDayTheYoungestChildTurns3() throws {
        let ending = try #require(BenefitEnd.ending(.childCareAllowance, facts: facts { $0.childBirthDates = [d("2020-01-05"), d("2024-06-15")] }, values: [:]))
        #expect(ending.endsOn == d("2027-06-15"))
        #expect(ending.reason.hasPrefix("Хүүхэд 3 нас хүрнэ"))
    }

    @Test func aChildBornOn29February_Turns3On1March() throws {
        let ending = try #require(BenefitEnd.ending(.childCareAllowance, facts: facts { $0.childBirthDates = [d("2024-02-29")] }, values: [:]))
        #expect(ending.endsOn == d("2027-03-01"))
        let pension = try #require(BenefitEnd.ending(.welfarePension, facts: facts(born: "2012-02-29") { $0.lostBreadwinner = true }, values: [:]))
        #expect(pension.endsOn == d("2030-03-01"), "turns 18 on 1 March in a year without 29 February")
        let leap = try #require(BenefitEnd.ending(.welfarePension, facts: facts(born: "2016-02-29") { $0.lostBreadwinner = true }, values: [:]))
        #expect(leap.endsOn == d("2034-03-01"))
        let leapYear = try #require(BenefitEnd.ending(.childCareAllowance, facts: facts { $0.childBirthDates = [d("2020-02-29")] }, values: [:]))
        #expect(leapYear.endsOn == d("2023-03-01"))
    }

    @Test func singleParentAllowance_EndsWhenFewerThan3ChildrenAreUnder18_OnlyWithEveryBirthDate() throws {
        let dates = [d("2008-04-01"), d("2010-09-09"), d("2015-01-20"), d("2019-07-07")]
        let ending = try #require(BenefitEnd.ending(.singleParentAllowance, facts: facts {
            $0.isSingleParent = true; $0.childrenUnder18 = 4; $0.childBirthDates = dates
        }, values: [:]))
        #expect(ending.endsOn == d("2028-09-09"), "the third-youngest turns 18")
        #expect(BenefitEnd.ending(.singleParentAllowance, facts: facts { $0.isSingleParent = true; $0.childrenUnder18 = 4 }, values: [:]) == nil)
        #expect(BenefitEnd.ending(.singleParentAllowance, facts: facts {
            $0.childrenUnder18 = 5; $0.childBirthDates = dates
        }, values: [:]) == nil, "a fifth child without a birth date: not determinable")
    }

    @Test func pregnancy_EndsOnTheExpectedBirthDate_OrAfterMonth10CountedFromTheApplication() throws {
        let f = facts { $0.pregnancyMonth = 5 }
        let counted = try #require(BenefitEnd.ending(.pregnancyAllowance, facts: f, values: [WorkflowFields.applicationDate: "2026-03-10"]))
        #expect(counted.endsOn == d("2026-09-01"), "months 5 to 10 are March to August")
        let late = try #require(BenefitEnd.ending(.pregnancyAllowance, facts: facts { $0.pregnancyMonth = 10 }, values: [WorkflowFields.applicationDate: "2026-12-20"]))
        #expect(late.endsOn == d("2027-01-01"))
        let dated = try #require(BenefitEnd.ending(.pregnancyAllowance, facts: f, values: [
            WorkflowFields.applicationDate: "2026-03-10", BenefitEnd.expectedBirthDateField: "2026-08-14"]))
        #expect(dated.endsOn == d("2026-08-14"))
        #expect(BenefitEnd.ending(.pregnancyAllowance, facts: f, values: [:]) == nil)
    }

    @Test func welfarePension_EndsOnlyForAChildWhoLostTheBreadwinner_WithNoOtherGround() {
        #expect(BenefitEnd.ending(.welfarePension, facts: facts(born: "2010-05-05") { $0.lostBreadwinner = true }, values: [:])?.endsOn == d("2028-05-05"))
        #expect(BenefitEnd.ending(.welfarePension, facts: facts(born: "2010-05-05") { $0.lostBreadwinner = true; $0.workCapacityLossPercent = 60 }, values: [:]) == nil)
        #expect(BenefitEnd.ending(.welfarePension, facts: facts(born: "1950-05-05"), values: [:]) == nil, "by age: lifelong")
        for service in [Service.twinsAllowance, .elderlyAgeGift, .mothersGlory1, .careElderly] {
            #expect(BenefitEnd.ending(service, facts: facts { $0.childBirthDates = [d("2024-01-01")] }, values: [:]) == nil)
        }
    }
}

@Suite struct PaymentScheduleTests {
    /// A child-care allowance case decided on 2026-09-10 for a mother (born 1995) of a
    /// child born 2023-12-05.
    static let childCare: [String: String] = [
        CaseFields.service: "child-care-allowance", CaseFields.registerNumber: "УБ95031222", CaseFields.status: "approved",
        WorkflowFields.decision: "approved", WorkflowFields.decreeDate: "2026-09-10", "child_birth_dates": "2023-12-05",
    ]

    func paid(_ values: [String: String], _ periods: [String: String]) -> [String: String] {
        values.merging(periods.map { ("payment_" + $0.key.lowercased(), $0.value) }) { _, new in new }
    }

    @Test func nextDue_IsTheFirstUnpaidPeriodFromTheDecree_AndNoneAfterTheEnd() throws {
        let fresh = try #require(PaymentSchedule(values: Self.childCare))
        #expect(fresh.nextDue?.text == "2026-09", "the decree's own month")
        let gap = try #require(PaymentSchedule(values: paid(Self.childCare, ["2026-09": "50000 2026-09-30", "2026-11": "50000 2026-11-30"])))
        #expect(gap.nextDue?.text == "2026-10", "a skipped month is still due")
        #expect(gap.payments.map(\.period) == ["2026-09", "2026-11"])
        let last = try #require(PaymentSchedule(values: paid(Self.childCare, ["2026-09": "1 2026-09-30", "2026-10": "1 2026-10-30", "2026-11": "1 2026-11-30"])))
        #expect(last.nextDue?.text == "2026-12", "December holds the 3rd birthday (5 Dec): still owed")
        let all = try #require(PaymentSchedule(values: paid(Self.childCare, [
            "2026-09": "1 2026-09-30", "2026-10": "1 2026-10-30", "2026-11": "1 2026-11-30", "2026-12": "1 2026-12-30"])))
        #expect(all.nextDue == nil)
        #expect(all.refusal(paying: try #require(PaymentPeriod("2027-01", frequency: .monthly)))?.description.contains("2026-12-05") == true)
    }

    @Test func payments_BeforeTheDecision_Twice_OrForAnUndecidedCase_AreRefusedWithTheReason() throws {
        let schedule = try #require(PaymentSchedule(values: paid(Self.childCare, ["2026-10": "50000 2026-10-30"])))
        let before = schedule.refusal(paying: try #require(PaymentPeriod("2026-08", frequency: .monthly)))
        #expect(before?.description.hasPrefix("2026-08 үе шийдвэрээс өмнө") == true)
        let twice = schedule.refusal(paying: try #require(PaymentPeriod("2026-10", frequency: .monthly)))
        #expect(twice?.description.contains("already paid") == true)
        #expect(schedule.refusal(paying: try #require(PaymentPeriod("2026-09", frequency: .monthly))) == nil)
        var undecided = Self.childCare
        undecided[CaseFields.status] = "received"
        undecided[WorkflowFields.decision] = nil
        #expect(try #require(PaymentSchedule(values: undecided)).refusal(paying: try #require(PaymentPeriod("2026-09", frequency: .monthly))) != nil)
        if case .failure(let refusal) = schedule.period("2026-Q4") {
            #expect(refusal.description.contains("2026-11"), "says the form: \(refusal)")
        } else {
            Issue.record("a quarter is not a month")
        }
    }

    @Test func aOneOff_IsPaidOnce_AtTheTablesAmountPerChild() throws {
        let twins: [String: String] = [
            CaseFields.service: "twins-allowance", CaseFields.registerNumber: "УБ95031222", CaseFields.status: "approved",
            WorkflowFields.decision: "approved", WorkflowFields.decreeDate: "2026-09-10", "child_birth_dates": "2026-05-01,2026-05-01",
        ]
        let schedule = try #require(PaymentSchedule(values: twins))
        let month = try #require(PaymentPeriod("2026-09", frequency: .once))
        #expect(schedule.tableAmount(for: month) == 2_000_000)
        #expect(schedule.nextDue?.text == "2026-09")
        let done = try #require(PaymentSchedule(values: paid(twins, ["2026-09": "2000000 2026-09-20"])))
        #expect(done.nextDue == nil)
        #expect(done.refusal(paying: try #require(PaymentPeriod("2026-10", frequency: .once)))?.description.contains("нэг удаа олгоно") == true)
    }

    @Test func careServices_HaveNoPaymentSchedule_AndAPlacedCaseIsInCareUntilDischarged() {
        #expect(PaymentSchedule(values: [CaseFields.service: "care-elderly"]) == nil)
        #expect(PaymentSchedule(values: [CaseFields.service: "care-triplets"]) == nil)
        let placed = [CaseFields.service: "care-elderly", CaseFields.status: "placed", CareOccupancy.placedOnField: "2026-10-02"]
        #expect(CareOccupancy.isInCare(placed, on: d("2026-10-02")))
        #expect(!CareOccupancy.isInCare(placed, on: d("2026-10-01")))
        var left = placed
        left[CaseFields.status] = "discharged"
        left[CareOccupancy.dischargedOnField] = "2026-11-15"
        #expect(CareOccupancy.isInCare(left, on: d("2026-11-14")))
        #expect(!CareOccupancy.isInCare(left, on: d("2026-11-15")))
    }
}
