import Foundation

/// `GET /metrics`: Prometheus text format, per-office gauges and counters with an
/// `office` label, and the request metrics.
enum MetricsPage {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    static func render(_ status: HubStatus, requests: RequestMetrics) -> String {
        var lines: [String] = []
        func family(_ name: String, _ type: String, _ help: String, _ value: (OfficeHealth) -> Double?) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for office in status.offices {
                if let v = value(office) { lines.append("\(name){office=\"\(escape(office.id))\"} \(format(v))") }
            }
        }
        family("halamj_office_last_contact_timestamp_seconds", "gauge", "Unix time of the office's last request.") {
            $0.lastContactAt.map { Double($0) / 1000 }
        }
        family("halamj_office_last_push_timestamp_seconds", "gauge", "Unix time of the office's last push.") {
            $0.lastPushAt.map { Double($0) / 1000 }
        }
        family("halamj_office_last_pull_timestamp_seconds", "gauge", "Unix time of the office's last pull.") {
            $0.lastPullAt.map { Double($0) / 1000 }
        }
        family("halamj_office_silent", "gauge", "1 when the office has not been in contact for longer than the threshold (or never).") {
            $0.state == .silent || $0.state == .never ? 1 : 0
        }
        family("halamj_office_waiting_at_hub_records", "gauge", "Records changed at the hub that the office has not pulled.") {
            Double($0.waitingAtHub)
        }
        family("halamj_office_pending_records", "gauge", "Records not yet at the hub, as the office last reported.") {
            $0.pendingCount.map(Double.init)
        }
        family("halamj_office_oldest_pending_seconds", "gauge", "Age of the office's oldest change not yet at the hub, as last reported.") {
            $0.oldestPendingSeconds.map(Double.init)
        }
        family("halamj_office_delivered_through", "gauge", "Every write of the office up to this counter is at the hub.") {
            Double($0.deliveredThrough)
        }
        family("halamj_office_written_through", "gauge", "The office's latest write counter, as last reported.") {
            Double($0.latestCounter)
        }
        family("halamj_office_open_conflicts", "gauge", "Conflicts of the office's records waiting for a person.") { Double($0.openConflicts) }
        family("halamj_office_overdue_cases", "gauge", "The office's cases past a decision or complaint deadline.") { Double($0.overdue) }
        family("halamj_office_clock_ahead_seconds", "gauge", "How far ahead of the hub the office's clock was, past the drift bound.") {
            $0.clockAheadMillis.map { Double($0) / 1000 }
        }
        family("halamj_office_refused_records_total", "counter", "Pushed records the hub refused.") { Double($0.refusedTotal) }
        family("halamj_office_records_received_total", "counter", "Records merged from the office's pushes.") { Double($0.recordsIn) }
        family("halamj_office_records_sent_total", "counter", "Records sent to the office in pulls.") { Double($0.recordsOut) }
        family("halamj_office_received_bytes_total", "counter", "Request bytes received from the office.") { Double($0.bytesIn) }
        family("halamj_office_sent_bytes_total", "counter", "Response bytes sent to the office.") { Double($0.bytesOut) }
        // A national hub: each district hub's own sync, and each office as its district last reported it.
        if !status.districts.isEmpty {
            func districtFamily(_ name: String, _ help: String, _ value: (DistrictHealth) -> Double?) {
                lines.append("# HELP \(name) \(help)")
                lines.append("# TYPE \(name) gauge")
                for district in status.districts {
                    if let v = value(district) { lines.append("\(name){district=\"\(escape(district.health.id))\"} \(format(v))") }
                }
            }
            districtFamily("halamj_district_last_contact_timestamp_seconds", "Unix time of the district hub's last request.") {
                $0.health.lastContactAt.map { Double($0) / 1000 }
            }
            districtFamily("halamj_district_silent", "1 when the district hub has not been in contact for longer than the threshold (or never).") {
                $0.health.state == .silent || $0.health.state == .never ? 1 : 0
            }
            districtFamily("halamj_district_pending_records", "Records not yet at this hub, as the district hub last reported.") {
                $0.health.pendingCount.map(Double.init)
            }
            districtFamily("halamj_district_waiting_at_hub_records", "Records changed here that the district hub has not pulled.") {
                Double($0.health.waitingAtHub)
            }
            lines.append("# HELP halamj_district_office_silent 1 when the office was silent (or never synced) in its district's last report.")
            lines.append("# TYPE halamj_district_office_silent gauge")
            for district in status.districts {
                for office in district.offices {
                    let silent = office.state == OfficeHealth.State.silent.rawValue || office.state == OfficeHealth.State.never.rawValue
                    lines.append("halamj_district_office_silent{district=\"\(escape(district.health.id))\",office=\"\(escape(office.office))\"} \(silent ? 1 : 0)")
                }
            }
        }
        lines += requests.exposition()
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ label: String) -> String {
        label.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
