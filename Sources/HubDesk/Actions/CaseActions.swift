import CaseBooks
import HalamjHTTP
import HubServer
import ReplicaStorage
import SyncModel
import WebAccess

/// The POST routes of a case page (officers and administrators): record the governor's
/// decree, a payment, a placement, a discharge. Each is one transaction that writes the case
/// and the audit log's entry together (`DeskApp.book`); a refusal by the workflow or a
/// malformed form shows the case page again with the reason (422) and changes nothing.
enum CaseActions {
    /// The action at `name` (the path after the case number): what a refused role is told
    /// it may not do, and the handler.
    static func route(_ name: String) -> (refusal: String, handle: (DeskRequest, String, DeskApp) throws -> HTTPResponse?)? {
        switch name {
        case "decide": ("record a decision", decide)
        case "pay": ("record a payment", pay)
        case "place": ("place a resident in care", place)
        case "discharge": ("discharge a resident from care", discharge)
        default: nil
        }
    }

    /// A form field the page cannot take, in the worker's words.
    struct Problem: Error { let message: String }

    /// `POST /desk/cases/<number>/decide`.
    static func decide(_ request: DeskRequest, number: String, app: DeskApp) throws -> HTTPResponse? {
        try perform(request, number: number, app: app) { form in
            guard form["decision"] == "approve" || form["decision"] == "reject" else {
                throw Problem(message: "Олгох эсвэл татгалзахыг сонгоно уу (choose approve or reject)")
            }
            let approve = form["decision"] == "approve"
            let decree = try required(form["decree"], "Захирамжийн дугаар оруулна уу (the decree number is required)")
            let date = try day(form["date"]) ?? request.today
            let amount = approve ? try amount(form["amount"]) : nil
            let reason = (form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let audit = Audit(action: approve ? "decide approve" : "decide reject",
                              detail: "decree \(decree) \(date.iso)" + (amount.map { ", \($0) MNT" } ?? ""))
            let done = (approve ? "Олгохоор шийдвэрлэлээ (approved)" : "Татгалзлаа (rejected)") + ": " + decree
            return (audit, done, { book in
                _ = try book.decide(number, approve: approve, decree: decree, date: date, amount: amount,
                                    reason: reason.isEmpty ? nil : reason, received: form.all("received"), now: request.now)
            })
        }
    }

    /// `POST /desk/cases/<number>/pay`: one period of a cash benefit paid (`CaseBook.pay`).
    static func pay(_ request: DeskRequest, number: String, app: DeskApp) throws -> HTTPResponse? {
        try perform(request, number: number, app: app) { form in
            let period = DeskFilters.nonEmpty(form["period"]?.trimmingCharacters(in: .whitespaces))
            let amount = try amount(form["amount"])
            let paidOn = try day(form["date"])
            let audit = Audit(action: "case pay", detail: [period, amount.map { "\($0) MNT" }, paidOn?.iso].compactMap { $0 }.joined(separator: " "))
            return (audit, "Олголт бүртгэлээ (payment recorded)" + (period.map { ": " + $0 } ?? ""), { book in
                _ = try book.pay(number, period: period, amount: amount, paidOn: paidOn, now: request.now)
            })
        }
    }

    /// `POST /desk/cases/<number>/place`: a care case placed at a facility.
    static func place(_ request: DeskRequest, number: String, app: DeskApp) throws -> HTTPResponse? {
        try perform(request, number: number, app: app) { form in
            let facility = (form["facility"] ?? "").trimmingCharacters(in: .whitespaces)
            let date = try day(form["date"])
            return (Audit(action: "care placement", detail: date?.iso ?? ""), "Асрамжид байршууллаа (placed)", { book in
                try book.record(number, .placement(facility: facility), date: date, now: request.now)
            })
        }
    }

    /// `POST /desk/cases/<number>/discharge`: a placed resident leaves care, with the way
    /// they leave (the discharge reason), the breach when it is the director's order, and
    /// the leaving costs.
    static func discharge(_ request: DeskRequest, number: String, app: DeskApp) throws -> HTTPResponse? {
        try perform(request, number: number, app: app) { form in
            let way = form["way"] ?? ""
            let fact = CareFact.leaving(way: way, clothes: try amount(form["clothes"]), travel: try amount(form["travel"]),
                                        ground: DeskFilters.nonEmpty(form["ground"]), note: form["note"] ?? "")
            let date = try day(form["date"])
            return (Audit(action: "care leaving", detail: way), "Асрамжаас гаргалаа (discharged)", { book in
                try book.record(number, fact, date: date, now: request.now)
            })
        }
    }

    /// What the audit log says of an action.
    struct Audit {
        let action: String
        let detail: String
    }

    /// Reads the form (`parse`: the audit entry, the notice shown after, and the step), runs
    /// the step with the audit entry in its transaction, and answers: back to the case page
    /// with the notice, or the page with the reason and nothing written.
    private static func perform(
        _ request: DeskRequest, number: String, app: DeskApp,
        _ parse: (FormData) throws -> (Audit, String, (CaseBook) throws -> Void)
    ) throws -> HTTPResponse? {
        guard (try? CaseBook(store: app.store).show(number)) != nil else { return nil }
        do {
            let (audit, done, step) = try parse(request.form)
            try step(app.book(request, audit.action, subject: number, detail: audit.detail))
            return WebResponse.redirect(DeskApp.root + "/cases/\(number)?" + FormData.encode([("done", done)]))
        } catch let problem as Problem {
            return try CaseDeskPage.page(request, number: number, app: app, notice: nil, error: problem.message, status: 422)
        } catch let error as CaseError {
            return try CaseDeskPage.page(request, number: number, app: app, notice: nil, error: error.description, status: 422)
        } catch let moved as MovedAway {
            // Moved to another district's office: that district decides now.
            return try CaseDeskPage.page(request, number: number, app: app, notice: nil, error: moved.description, status: 409)
        }
    }

    private static func required(_ text: String?, _ message: String) throws -> String {
        let value = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw Problem(message: message) }
        return value
    }

    /// A date field: nil when left empty.
    private static func day(_ text: String?) throws -> CivilDate? {
        guard let text = DeskFilters.nonEmpty(text?.trimmingCharacters(in: .whitespaces)) else { return nil }
        guard let date = CivilDate(iso: text) else { throw Problem(message: "Огноо YYYY-MM-DD байна (the date is YYYY-MM-DD): «\(text)»") }
        return date
    }

    /// A whole number of tögrög (spaces and commas allowed): nil when left empty.
    private static func amount(_ text: String?) throws -> Int? {
        let digits = (text ?? "").replacingOccurrences(of: ",", with: "").replacingOccurrences(of: " ", with: "")
        guard !digits.isEmpty else { return nil }
        guard let amount = Int(digits), amount >= 0 else {
            throw Problem(message: "Дүн бүхэл тоо байна (an amount is a whole number of tögrög ≥ 0): «\(text ?? "")»")
        }
        return amount
    }
}
