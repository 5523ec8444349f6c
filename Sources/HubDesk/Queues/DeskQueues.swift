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

    /// Oldest first (by its 30-day deadline), each with the days left.
    func applications(_ filter: Filter = Filter()) throws -> [Application] {
        try running().compactMap { view in
            guard filter.admits(office: view.office, service: view.service),
                  let clock = DecisionClock.running(value: { view.values[$0] }) else { return nil }
            return Application(view: view, clock: clock, daysLeft: clock.daysLeft(today: today))
        }.sorted { ($0.clock.due, $0.view.number) < ($1.clock.due, $1.view.number) }
    }

    /// A complaint the district answers, not answered yet: level 2, and level 1 once the
    /// case has left the soum (while it is a draft there, the soum's management answers).
    struct WaitingComplaint {
        let view: CaseView
        let complaint: Complaint
    }

    /// Oldest deadline first.
    func complaints(_ filter: Filter = Filter()) throws -> [WaitingComplaint] {
        try running().flatMap { view -> [WaitingComplaint] in
            guard filter.admits(office: view.office, service: view.service) else { return [] }
            let atSoum = (view.status ?? CaseFields.initialStatus) == CaseFields.initialStatus
            return Complaints.all(in: view.values).filter { !$0.isAnswered && ($0.level == .second || !atSoum) }
                .map { WaitingComplaint(view: view, complaint: $0) }
        }.sorted { ($0.complaint.due, $0.view.number) < ($1.complaint.due, $1.view.number) }
    }

    func conflicts(_ filter: Filter = Filter()) throws -> [Conflict] {
        try ConflictReview(store: store).open(office: filter.office)
    }

    func duplicates() throws -> [DuplicateApplication] {
        try CaseBook(store: store).duplicateApplications()
    }

    /// Cases with a deadline running (a decision or a complaint's answer): the due-day index.
    private func running() throws -> [CaseView] {
        try store.read { try $0.casesDue(before: Int(Int32.max)) }.map(CaseView.init).filter { !$0.isDeleted }
    }
}
