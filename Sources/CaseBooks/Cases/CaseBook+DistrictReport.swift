import SyncModel
import ReplicaStorage

/// The district's report for a period (issue 15, item 8): per office and service, the
/// cases handled and the people behind them, what was submitted and decided, what was
/// paid (from the recorded payments, one-off and recurring apart) and who is in care.
public struct DistrictReport: Sendable, Equatable, Codable {
    public let from: CivilDate
    public let to: CivilDate
    public let rows: [Row]
    /// Every row added up; `people` counts each register number once across rows.
    public let total: Row
    /// At a national hub (`districtOf` given): each district's rows added up, people once
    /// per district, in the rows' order (`office` holds the district).
    public var districts: [Row] = []
    /// Applications handed in (application_date, or submitted_on for a case without one)
    /// in each of the 12 months that end with the period's last: the desk's chart.
    public let months: [MonthCount]

    public struct MonthCount: Sendable, Equatable, Codable {
        /// `2026-11`.
        public let month: String
        public let applications: Int
    }

    public struct Row: Sendable, Equatable, Codable {
        /// At a national hub, the district hub holding the office (its label), "" for an
        /// office syncing with the national hub itself; nil at a district hub.
        public var district: String?
        public let office: String
        /// The service's id ("" in the total).
        public let service: String
        /// Its Mongolian name (Service.mongolianName).
        public let serviceName: String
        /// Cases with something dated in the period (applied, submitted, decided, paid,
        /// placed or discharged) or in care at its end.
        public var cases = 0
        /// Distinct register numbers among those cases.
        public var people = 0
        /// Submitted to the district in the period (submitted_on).
        public var submitted = 0
        /// Decided in the period (decree_date), approved and rejected.
        public var approved = 0
        public var rejected = 0
        /// Payments made in the period (by the day paid), and their sums (MNT).
        public var payments = 0
        public var oneOffPaid = 0
        public var recurringPaid = 0
        /// Care cases placed and not discharged at the end of the period.
        public var inCare = 0
        /// Decisions due in the period (30 days from the application, `DecisionClock`)
        /// that came after their day, or that still wait after it (as of the period's end,
        /// or today when that is earlier).
        public var overdue = 0

        init(office: String, service: String, serviceName: String) {
            self.office = office
            self.service = service
            self.serviceName = serviceName
        }
    }

    /// The calendar month holding `day`: the report's default period.
    public static func month(of day: CivilDate) -> (from: CivilDate, to: CivilDate) {
        let period = PaymentPeriod.containing(day, frequency: .monthly)
        return (period.start, period.end)
    }
}

extension CaseBook {
    /// The report for `from`...`to` (both days included, the hub's calendar); `today`
    /// bounds what counts as overdue in a period that has not ended.
    ///
    /// Rows are by the office holding each case now (a case moved to another office counts
    /// there); a case moved to an office this hub does not serve is left out. `districtOf`
    /// (a national hub's): office → its district's label, adding the district to each row and
    /// a subtotal per district.
    public func districtReport(from: CivilDate, to: CivilDate, today: CivilDate? = nil,
                               districtOf: [String: String]? = nil) throws -> DistrictReport {
        let served = try store.read { try $0.servedOffices() }
        let period = from...to
        let asOf = min(to, today ?? to)
        let lastMonth = PaymentPeriod.containing(to, frequency: .monthly)
        var monthStarts = [lastMonth]
        while monthStarts.count < 12 { monthStarts.insert(monthStarts[0].previous, at: 0) }
        let chartSpan = monthStarts[0].start...lastMonth.end
        var perMonth: [String: Int] = [:]
        func inPeriod(_ field: String, _ values: [String: String]) -> Bool {
            values[field].flatMap(CivilDate.init(iso:)).map(period.contains) ?? false
        }
        var rows: [String: DistrictReport.Row] = [:]
        var people: [String: Set<String>] = [:]
        var districtPeople: [String: Set<String>] = [:]
        var everyone = Set<String>()
        // A page of cases at a time: a national hub's million are never held at once.
        try store.forEachRecord(of: CaseFields.collection) { stored in
            let view = CaseView(stored)
            guard !view.isDeleted, served?.contains(view.holder) ?? true else { return }
            let values = view.values
            let serviceID = view.service ?? "?"
            let service = Service(rawValue: serviceID)
            let district = districtOf.map { $0[view.holder] ?? "" }
            let key = (district ?? "") + "\u{1F}" + view.holder + "\u{1F}" + serviceID
            var row = rows[key] ?? DistrictReport.Row(
                office: view.holder, service: serviceID, serviceName: service?.mongolianName ?? serviceID)
            row.district = district
            var active = false
            // MY READING: a case handed in before application_date was recorded counts from
            // its submission.
            if inPeriod(WorkflowFields.applicationDate, values)
                || (values[WorkflowFields.applicationDate] == nil && inPeriod(WorkflowFields.submittedOn, values)) {
                active = true
            }
            if inPeriod(WorkflowFields.submittedOn, values) {
                row.submitted += 1
                active = true
            }
            if let handedIn = (values[WorkflowFields.applicationDate] ?? values[WorkflowFields.submittedOn]).flatMap(CivilDate.init(iso:)),
               chartSpan.contains(handedIn) {
                perMonth[PaymentPeriod.containing(handedIn, frequency: .monthly).text, default: 0] += 1
            }
            if let clock = DecisionClock(values), period.contains(clock.due) {
                let late = clock.decided.map { $0 > clock.due } ?? (DecisionClock.waitsForDecision(values) && clock.due < asOf)
                if late {
                    row.overdue += 1
                    active = true
                }
            }
            if inPeriod(WorkflowFields.decreeDate, values) {
                switch values[WorkflowFields.decision] {
                case "approved": row.approved += 1
                case "rejected": row.rejected += 1
                default: break
                }
                active = true
            }
            if let service, let frequency = PaymentSchedule.frequency(of: service) {
                for payment in RecordedPayment.all(in: values, frequency: frequency) where period.contains(payment.paidOn) {
                    row.payments += 1
                    if frequency == .once { row.oneOffPaid += payment.amount } else { row.recurringPaid += payment.amount }
                    active = true
                }
            }
            if inPeriod(CareOccupancy.placedOnField, values) || inPeriod(CareOccupancy.dischargedOnField, values) { active = true }
            if CareOccupancy.isInCare(values, on: to) {
                row.inCare += 1
                active = true
            }
            guard active else { return }
            row.cases += 1
            if let rd = values[CaseFields.registerNumber] {
                people[key, default: []].insert(rd)
                if let district { districtPeople[district, default: []].insert(rd) }
                everyone.insert(rd)
            }
            rows[key] = row
        }
        let order = Dictionary(uniqueKeysWithValues: Service.allCases.enumerated().map { ($1.rawValue, $0) })
        let sorted = rows.map { key, row -> DistrictReport.Row in
            var row = row
            row.people = people[key]?.count ?? 0
            return row
        }.sorted {
            ($0.district ?? "", $0.office, order[$0.service] ?? Int.max, $0.service)
                < ($1.district ?? "", $1.office, order[$1.service] ?? Int.max, $1.service)
        }
        var total = DistrictReport.Row(office: "", service: "", serviceName: "")
        var districts: [DistrictReport.Row] = []
        for row in sorted {
            total.add(row)
            guard let district = row.district else { continue }
            if districts.last?.office != district { districts.append(DistrictReport.Row(office: district, service: "", serviceName: "")) }
            districts[districts.count - 1].add(row)
            districts[districts.count - 1].people = districtPeople[district]?.count ?? 0
        }
        total.people = everyone.count
        let months = monthStarts.map { DistrictReport.MonthCount(month: $0.text, applications: perMonth[$0.text] ?? 0) }
        var report = DistrictReport(from: from, to: to, rows: sorted, total: total, months: months)
        report.districts = districts
        return report
    }
}

extension DistrictReport.Row {
    /// Adds `row`'s counts and sums (not its people: those are counted once, by the caller).
    mutating func add(_ row: DistrictReport.Row) {
        cases += row.cases
        submitted += row.submitted
        approved += row.approved
        rejected += row.rejected
        payments += row.payments
        oneOffPaid += row.oneOffPaid
        recurringPaid += row.recurringPaid
        inCare += row.inCare
        overdue += row.overdue
    }
}
