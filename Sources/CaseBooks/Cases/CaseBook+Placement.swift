import SyncModel
import ReplicaStorage

/// Life after placement: the facility, handover, contract, transfers, disciplinary
/// measures, leaving and the resident's pension, each an event in its own field of the
/// care case (`CareEvent`), written where it happens and synced like any other field.
extension CaseBook {
    /// Records one event of a care case on `date` (the office's today when nil).
    /// A placement moves an approved case to `placed`; leaving moves a placed one to
    /// `discharged` (with `discharge_reason`), and `plan` is recorded in the same write.
    /// Hub-only kinds (`CareEventKind.hubOnly`) are refused at a node.
    @discardableResult
    public func record(
        _ number: String, _ fact: CareFact, date: CivilDate? = nil, plan: String? = nil,
        now: Int64 = Clock.nowMillis()
    ) throws -> CaseView {
        let kind = fact.kind
        if let problem = fact.problem { throw CaseError.invalidValue(field: kind.rawValue, reason: problem) }
        if kind.hubOnly && !isHub {
            throw CaseError.transition(
                "«\(kind.label.mongolian)»-г зөвхөн аймаг, дүүргийн төв бүртгэнэ (only the district hub records: \(kind.label.english))")
        }
        let today = try store.localDate(now)
        let day = date ?? today
        guard day <= today else {
            throw CaseError.invalidValue(field: "date", reason: "огноо ирээдүйд байж болохгүй (the date cannot be after today, \(today.iso))")
        }
        return try step(number, now: now) { stored, service in
            guard CaseTransitions.isCare(service) else {
                throw CaseError.transition(
                    "\(service.mongolianName) асрамжийн үйлчилгээ биш (\(service.rawValue) is not specialized care: nothing is recorded after placement)")
            }
            let status = stored.record.value(CaseFields.status) ?? CaseFields.initialStatus
            // Events recorded within one millisecond keep the order they were recorded in.
            let latest = CareHistory(values: stored.record.currentValues).events.map(\.recordedAt).max() ?? 0
            let recordedAt = max(now, latest + 1)
            let event = CareEvent(id: CareEvent.newID(writer: store.replica, now: now), date: day, recordedAt: recordedAt, fact: fact)
            var changes = [event.field: event.value]
            switch fact {
            case .placement:
                guard status == "approved" else {
                    throw CaseError.transition(status == "placed"
                        ? "Асрамжид байршуулсан байна: өөр газарт шилжүүлнэ үү (already placed: record a transfer instead)"
                        : "Зөвхөн олгохоор шийдвэрлэсэн хэргийг байршуулна (only an approved case is placed; this one is '\(status)')")
                }
                try checkTransition(service, from: status, to: "placed")
                changes[CaseFields.status] = "placed"
                changes[CareOccupancy.placedOnField] = day.iso  // the report's occupancy counts from it
            case .leaving(let way, _, _, _, _):
                guard status == "placed" else {
                    throw CaseError.transition("Асрамжид байгаа хүн л асрамжаас гарна (only a placed resident leaves care; this case is '\(status)')")
                }
                try checkTransition(service, from: status, to: "discharged")
                changes[CaseFields.status] = "discharged"
                changes[WorkflowFields.dischargeReason] = way
                changes[CareOccupancy.dischargedOnField] = day.iso
            case .plan:
                guard status == "placed" || status == "discharged" else {
                    throw CaseError.transition("Төлөвлөгөөг асрамжид байгаа эсвэл гарсан хүнд гаргана (a plan is for a placed or discharged resident; this case is '\(status)')")
                }
            default:
                guard status == "placed" else {
                    throw CaseError.transition("Асрамжид байршуулаагүй хэрэг (the case is not placed at a facility; it is '\(status)')")
                }
            }
            if let plan, !plan.isBlankText {
                let planEvent = CareEvent(id: CareEvent.newID(writer: store.replica, now: now), date: day, recordedAt: recordedAt + 1, fact: .plan(text: plan))
                changes[planEvent.field] = planEvent.value
            }
            return changes
        }
    }

    /// Everything recorded after the decision, oldest first.
    public func careHistory(_ number: String) throws -> CareHistory {
        CareHistory(values: try show(number).values)
    }
}

extension String {
    fileprivate var isBlankText: Bool { allSatisfy(\.isWhitespace) }
}
