import CaseBooks
import SyncModel

/// How cases are shown in both programs: a table for lists, labelled lines for one
/// case, or JSON. Labels are Mongolian first.
public enum CaseOutput {
    public static func table(_ cases: [CaseView]) -> String {
        var table = Table(headers: [
            "Дугаар", "Алба", "Үйлчилгээ", "Төлөв", "Нэр", "РД", "Тэмдэглэл",
        ])
        for view in cases {
            table.add([
                view.number, view.holder, view.service ?? "", view.status ?? "",
                view.values[CaseFields.name] ?? "", view.values[CaseFields.registerNumber] ?? "",
                notes(view),
            ])
        }
        return table.render()
    }

    /// Short flags: not yet at the hub, refused, in conflict.
    static func notes(_ view: CaseView) -> String {
        var notes: [String] = []
        if view.isDeleted { notes.append("устгасан (deleted)") }
        if view.wasTransferred { notes.append("шилжсэн (transferred) \(view.office) → \(view.holder)") }
        if view.values[DoubleApplication.field] != nil { notes.append("давхар өргөдөл (double application)") }
        if let refusal = view.refusal { notes.append("татгалзсан (refused): \(refusal)") }
        if !view.conflicts.isEmpty {
            notes.append("зөрчилтэй (conflict): " + view.conflicts.keys.sorted().joined(separator: ", "))
        }
        return notes.joined(separator: "; ")
    }

    private static let labels: [String: String] = [
        CaseFields.service: "Үйлчилгээ (service)",
        CaseFields.status: "Төлөв (status)",
        CaseFields.name: "Нэр (name)",
        CaseFields.registerNumber: "РД (register no.)",
        WorkflowFields.applicationDate: "Өргөдөл өгсөн (application handed in)",
        DoubleApplication.field: "⚠ " + DoubleApplication.label,
        WorkflowFields.submittedOn: "Илгээсэн (submitted)",
        WorkflowFields.decision: "Шийдвэр (decision)",
        WorkflowFields.decreeNumber: "Захирамж (decree no.)",
        WorkflowFields.decreeDate: "Захирамжийн огноо (decree date)",
        WorkflowFields.approvedAmount: "Батлагдсан дүн (amount, MNT)",
        WorkflowFields.decisionReason: "Үндэслэл (reason)",
        WorkflowFields.decisionDeliveredAt: "Сумд хүрсэн (decision delivered)",
        WorkflowFields.complaint: "Гомдол (complaint)",
        WorkflowFields.complaintFiled: "Гомдол гаргасан (complaint filed)",
        WorkflowFields.complaintAnswer: "Гомдлын хариу (answer)",
        WorkflowFields.complaintAnswered: "Хариулсан (answered)",
        WorkflowFields.dischargeReason: "Гарсан шалтгаан (discharge reason)",
        CareCategory.field: "Хамрагдах иргэн (care category)",
        CareCategory.decisionField: "Шийдвэрийн үндэслэл: хамрагдах иргэн (decision's legal ground)",
        Record.tombstoneField: "Устгасан (deleted)",
    ]

    /// One case as `label: value` lines, the standard fields first; with `today` (the
    /// office's calendar day) also the 30-day decision clock and each complaint's days left.
    public static func detail(_ view: CaseView, today: CivilDate? = nil) -> String {
        var rows: [(label: String, value: String)] = [("Дугаар (number)", view.number), ("Алба (office)", view.holder)]
        if view.wasTransferred {
            rows.append(("Шилжсэн (transferred)", view.path.joined(separator: " → ") + "; \(view.office) нээсэн (opened at \(view.office))"))
        }
        let standard = [CaseFields.service, CaseFields.status, CaseFields.name, CaseFields.registerNumber]
        let documents = view.values.keys.filter { $0.hasPrefix(FieldPolicies.checklistPrefix) }
        // Payments are shown together below (PaymentOutput).
        for field in standard + view.values.keys.filter({ !standard.contains($0) && !documents.contains($0) && !PaymentFields.isPayment($0) }).sorted() {
            // An empty value is a cleared one (a complaint's answer once a new complaint is filed).
            guard var value = view.values[field], !value.isEmpty else { continue }
            if Complaints.fields.contains(field) && view.conflicts[field] == nil { continue }  // ComplaintOutput shows them
            if field == CaseFields.service, let service = Service(rawValue: value) {
                value += " — \(service.mongolianName)"
            }
            if field == CaseFields.status || field == WorkflowFields.decision, let label = Workflow.labels[value] {
                value += " — \(label)"
            }
            if field == WorkflowFields.decisionDeliveredAt, let millis = Int64(value) {
                value = HumanTime.iso(millis: millis)
            }
            if field == WorkflowFields.decisionDeliveredFor || Holding.fields.contains(field) { continue }
            if CareEventKind.of(field: field) != nil { continue }  // shown by CareCommandLine.rows below
            if Scan.isField(field) { continue }  // counted below; 'case files' lists them
            if field == WorkflowFields.dischargeReason { value = CareText.leavingWay(value) }
            if field == CareCategory.field || field == CareCategory.decisionField {
                value = "\(value) — \(CareCategory.shown(value))"
            }
            if let siblings = view.conflicts[field] {
                value += "   ⚠ зөрчил (conflict): " + siblings.map { "«\($0)»" }.joined(separator: " / ")
            }
            rows.append((labels[field] ?? field, value))
        }
        rows += CareCommandLine.rows(view)
        rows += ComplaintOutput.rows(view.values, today: today)
        if let service = view.service.flatMap(Service.init(rawValue:)) {
            for stage in [Document.Stage.soum, .district] {
                let all = Checklists.documents(for: service, stage: stage)
                guard !all.isEmpty else { continue }
                let missing = Checklists.missing(for: service, in: view.values, stage: stage).count
                rows.append((stage == .soum ? "Бүрдэл (documents)" : "Аймаг, дүүргийн баримт (district's documents)",
                             "\(all.count - missing) / \(all.count) ирсэн (received); 'case checklist' lists them"))
            }
        }
        let scans = view.scans
        if !scans.isEmpty {
            rows.append(("Скан (scans)", "\(scans.count), \(ByteText.bytes(scans.map(\.byteCount).reduce(0, +))); 'case files' lists them"))
        }
        if let today, let clock = DecisionClock.shown(view.values) {
            rows.append(("Шийдвэрлэх хугацаа (decision clock)", clock.text(today: today)))
        }
        rows += PaymentOutput.rows(view)
        if view.dirty { rows.append(("Илгээх (to send)", "төвд хараахан хүрээгүй (not yet at the hub)")) }
        if let refusal = view.refusal { rows.append(("Татгалзсан (refused)", refusal)) }
        return LabelledList.render(rows)
    }

    /// Parses `field=value` words into changes; a field given twice is a usage error.
    public static func changes(_ words: [String], usage: Usage) throws(UsageError) -> [String: String] {
        var changes: [String: String] = [:]
        for word in words {
            let assignment = try Assignment.parse(word, usage: usage)
            guard changes[assignment.field] == nil else {
                throw UsageError("field '\(assignment.field)' is given twice", usage: usage)
            }
            changes[assignment.field] = assignment.value
        }
        return changes
    }
}
