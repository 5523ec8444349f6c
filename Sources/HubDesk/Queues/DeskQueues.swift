import CaseBooks
import HubServer
import ReplicaStorage
import SyncModel

/// What waits for the district, read through the case index (no scan of every case):
/// applications waiting for a decision, complaints waiting for an answer, conflicts waiting
/// for a person, double applications.
struct DeskQueues {
    let store: ReplicaStore
    let today: CivilDate

    /// Rows a queue page shows at most (the oldest deadlines); its count is of them all.
    static let pageRows = 200

    /// Which offices and service a queue shows; nil shows all.
    struct Filter: Equatable {
        var office: String?
        var service: String?
    }

    /// An application received from a soum, waiting for the governor's decree.
    struct Application {
        let view: CaseView
        let clock: DecisionClock
        /// Days left of the 30 on the queue's day; below zero when late.
        let daysLeft: Int
    }

    /// A queue's first page and its counts.
    struct Page<Item> {
        let items: [Item]
        /// Every row the filter admits, and how many of them are late.
        let total: Int
        let late: Int
    }

    /// Oldest first (by its 30-day deadline), each with the days left: the first
    /// `pageRows`, read off the decision-day index (office and service are index columns too).
    func applications(_ filter: Filter = Filter()) throws -> Page<Application> {
        let (total, late) = try applicationCounts(filter)
        let rows = try store.read { try $0.casesWaitingForDecision(office: filter.office, service: filter.service, limit: Self.pageRows) }
        return Page(items: rows.map(CaseView.init).compactMap { view in
            guard let clock = DecisionClock.running(value: { view.values[$0] }) else { return nil }
            return Application(view: view, clock: clock, daysLeft: clock.daysLeft(today: today))
        }, total: total, late: late)
    }

    /// How many applications wait for a decision, and how many of them are late, off the
    /// decision-day index alone (the home page's counts).
    func applicationCounts(_ filter: Filter = Filter()) throws -> (total: Int, late: Int) {
        try store.read { try $0.countIndexed(.decision, before: today.dayNumber, office: filter.office, service: filter.service) }
    }

    /// A complaint the district answers, not answered yet: level 2, and level 1 once the
    /// case has left the soum (while it is a draft there, the soum's management answers).
    struct WaitingComplaint {
        let view: CaseView
        let complaint: Complaint
    }

    /// Oldest deadline first, read off the complaint-day index (complaints are few: every
    /// case with one waiting is read).
    func complaints(_ filter: Filter = Filter()) throws -> [WaitingComplaint] {
        try store.read { try $0.casesWithComplaints(office: filter.office, service: filter.service, limit: Int(Int32.max)) }.map(CaseView.init)
            .flatMap { view -> [WaitingComplaint] in
                let atSoum = (view.status ?? CaseFields.initialStatus) == CaseFields.initialStatus
                return Complaints.all(in: view.values).filter { !$0.isAnswered && ($0.level == .second || !atSoum) }
                    .map { WaitingComplaint(view: view, complaint: $0) }
            }
            .sorted { ($0.complaint.due, $0.view.number) < ($1.complaint.due, $1.view.number) }
    }

    /// A decree written at the hub that its soum has not acknowledged (the soum acknowledges
    /// each decree its sync brings, `CaseBook.acknowledgeDecisions`).
    struct Undelivered {
        let view: CaseView
        /// The day the decree was written at the hub (UTC), and the days since.
        let written: CivilDate
        let days: Int
    }

    /// Days after which a decision not at its soum is late, unless the page asks for another.
    static let deliveryDays = 7

    /// Decisions not at their soum `days` days or more after they were written, the longest
    /// waiting first, read off the delivery-day index.
    func undelivered(_ filter: Filter = Filter(), days: Int = deliveryDays) throws -> Page<Undelivered> {
        let rows = try store.read {
            try $0.casesUndelivered(before: today.dayNumber - days + 1, office: filter.office, service: filter.service, limit: Self.pageRows)
        }
        let items = rows.compactMap { stored -> Undelivered? in
            guard let day = CaseIndex.deliveryDay(stored.record) else { return nil }
            return Undelivered(view: CaseView(stored), written: CivilDate(dayNumber: day), days: today.dayNumber - day)
        }
        let total = try undeliveredCounts(filter, days: days).late
        return Page(items: items, total: total, late: total)
    }

    /// How many decisions are not at their soum, and how many of them `days` days or more
    /// after they were written, off the index alone (the home page's counts).
    func undeliveredCounts(_ filter: Filter = Filter(), days: Int = deliveryDays) throws -> (total: Int, late: Int) {
        try store.read { try $0.countIndexed(.delivery, before: today.dayNumber - days + 1, office: filter.office, service: filter.service) }
    }

    /// Oldest first, of one office and service if the filter says.
    func conflicts(_ filter: Filter = Filter()) throws -> [Conflict] {
        let open = try ConflictReview(store: store).open(office: filter.office)
        guard let service = filter.service else { return open }
        let cases = try store.read { try $0.conflictedCases(service: service) }
        return open.filter { cases.contains($0.record) }
    }

    /// The double applications of one service, and those with a case at one office, if the
    /// filter says.
    func duplicates(_ filter: Filter = Filter()) throws -> [DuplicateApplication] {
        try CaseBook(store: store).duplicateApplications().filter { group in
            (filter.service == nil || group.service == filter.service)
                && (filter.office == nil || group.cases.contains { $0.office == filter.office })
        }
    }

    /// How many double applications there are, off the index alone (the home page's count).
    func duplicateCount() throws -> Int {
        try store.read { try $0.sharedApplicationCount() }
    }
}
