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

        func admits(office: String, service: String?) -> Bool {
            (self.office == nil || self.office == office) && (self.service == nil || self.service == service)
        }
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
    /// `pageRows`, read off the decision-day index. With a service filter every waiting
    /// case of the office (or all) is read, the service being no index column.
    func applications(_ filter: Filter = Filter()) throws -> Page<Application> {
        let application = { (view: CaseView) -> Application? in
            guard let clock = DecisionClock.running(value: { view.values[$0] }) else { return nil }
            return Application(view: view, clock: clock, daysLeft: clock.daysLeft(today: today))
        }
        if filter.service == nil {
            let (total, late) = try applicationCounts(office: filter.office)
            let rows = try store.read { try $0.casesWaitingForDecision(office: filter.office, limit: Self.pageRows) }
            return Page(items: rows.map(CaseView.init).compactMap(application), total: total, late: late)
        }
        let all = try store.read { try $0.casesWaitingForDecision(office: filter.office, limit: Int(Int32.max)) }
            .map(CaseView.init).filter { filter.admits(office: $0.office, service: $0.service) }.compactMap(application)
        return Page(items: Array(all.prefix(Self.pageRows)), total: all.count, late: all.filter { $0.daysLeft < 0 }.count)
    }

    /// How many applications wait for a decision, and how many of them are late, off the
    /// decision-day index alone (the home page's counts).
    func applicationCounts(office: String? = nil) throws -> (total: Int, late: Int) {
        try store.read { try $0.countIndexed(.decision, before: today.dayNumber, office: office) }
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
        try store.read { try $0.casesWithComplaints(office: filter.office, limit: Int(Int32.max)) }.map(CaseView.init)
            .flatMap { view -> [WaitingComplaint] in
                guard filter.admits(office: view.office, service: view.service) else { return [] }
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
    /// waiting first, read off the delivery-day index (like `applications`, a service filter
    /// reads every such case of the office).
    func undelivered(_ filter: Filter = Filter(), days: Int = deliveryDays) throws -> Page<Undelivered> {
        let before = today.dayNumber - days + 1
        let limit = filter.service == nil ? Self.pageRows : Int(Int32.max)
        let all = try store.read { try $0.casesUndelivered(before: before, office: filter.office, limit: limit) }
            .compactMap { stored -> Undelivered? in
                let view = CaseView(stored)
                guard filter.admits(office: view.office, service: view.service), let day = CaseIndex.deliveryDay(stored.record) else { return nil }
                return Undelivered(view: view, written: CivilDate(dayNumber: day), days: today.dayNumber - day)
            }
        let total = filter.service == nil ? try undeliveredCounts(office: filter.office, days: days).late : all.count
        return Page(items: Array(all.prefix(Self.pageRows)), total: total, late: total)
    }

    /// How many decisions are not at their soum, and how many of them `days` days or more
    /// after they were written, off the index alone (the home page's counts).
    func undeliveredCounts(office: String? = nil, days: Int = deliveryDays) throws -> (total: Int, late: Int) {
        try store.read { try $0.countIndexed(.delivery, before: today.dayNumber - days + 1, office: office) }
    }

    func conflicts(_ filter: Filter = Filter()) throws -> [Conflict] {
        try ConflictReview(store: store).open(office: filter.office)
    }

    func duplicates() throws -> [DuplicateApplication] {
        try CaseBook(store: store).duplicateApplications()
    }

    /// How many double applications there are, off the index alone (the home page's count).
    func duplicateCount() throws -> Int {
        try store.read { try $0.sharedApplicationCount() }
    }
}
