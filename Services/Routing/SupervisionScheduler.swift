import CaseModel
import CaseStore
import Contracts
import Escalation
import Foundation
import Logging
import Metrics
import Reliability
import Settings
import Storage

/// 督办: watches every open work order's due time and issues, once each, a
/// reminder before it, a supervision notice when it passes, and flagged
/// supervision (挂牌督办) after a further delay. Safe with several routing
/// replicas: the unique (work order, level) key lets only one insert win.
///
/// The clock runs only while a work order is open (not answered, not closed by
/// an escalation) and the case has no open clock pause (停表: waiting on the
/// petitioner or an expert opinion). After the answer the department's clock
/// is stopped while the case waits on the petitioner's signature or on expert
/// review; a new round starts with a new due time.
///
/// 吹哨报到 by rule: when a lead's work order is flagged and its plan says
/// `escalateWhenFlagged`, the case moves up a tier in the same transaction —
/// once, because only the replica whose flagged record was inserted escalates.
struct SupervisionScheduler: Sendable {
    let configuration: BackboneConfiguration
    let rules: HandlingRules
    /// How often due times are checked (ONEDOOR_SUPERVISION_INTERVAL_SECONDS, 60).
    let interval: TimeInterval
    let logger: Logger

    static func interval(from settings: EnvironmentSettings) throws -> TimeInterval {
        TimeInterval(try settings.integer("ONEDOOR_SUPERVISION_INTERVAL_SECONDS", 60, range: 1...86_400))
    }

    var service: BlockingLoop {
        BlockingLoop(name: "supervision") { stop in run(until: stop) }
    }

    func run(until stop: StopFlag) {
        var database: PostgresConnection?
        var backoff = Backoff(cap: 30)
        while !stop.isRaised {
            do {
                if database == nil { database = try PostgresConnection(conninfo: configuration.postgresURL) }
                let issued = try database!.transaction { transaction in
                    let issued = try tick(on: transaction)
                    try escalateFlagged(issued.flagged, on: transaction)
                    return issued.counts
                }
                try measureLateWork(database!)
                for (level, count) in issued where count > 0 {
                    logger.notice("supervision issued", metadata: ["level": "\(level)", "count": "\(count)"])
                }
                backoff.reset()
                stop.sleep(interval)
            } catch {
                if let error = error as? PostgresError, error.kind == .connection { database = nil }
                let delay = backoff.step()
                logger.warning(
                    "supervision tick failed", metadata: ["error": "\(error)", "retryInSeconds": "\(delay)"])
                stop.sleep(delay)
            }
        }
    }

    /// `onedoor_work_orders_overdue` and `onedoor_work_orders_flagged`, per department: what the
    /// alerts on late work watch (deploy/prometheus/alerts.yml).
    func measureLateWork(_ database: PostgresConnection) throws {
        let late = try DepartmentWorklist.supervised(town: nil, on: database)
        // Every department, so a department no longer late reads 0 rather than its last count.
        for department in try ReferenceLookups.departmentFacts(on: database).keys {
            let counts = late.first { $0.department == department }
            Gauge(label: "onedoor_work_orders_overdue", dimensions: [("department", department)])
                .record(counts?.overdue ?? 0)
            Gauge(label: "onedoor_work_orders_flagged", dimensions: [("department", department)])
                .record(counts?.flagged ?? 0)
        }
    }

    /// Issues whatever is due now; returns how many records of each level, and the
    /// work orders newly flagged.
    func tick(on transaction: PostgresConnection) throws -> (counts: [(String, Int)], flagged: [String]) {
        var flagged: [String] = []
        let counts = try SupervisionRecords.Level.allCases.map { level in
            let issued = try SupervisionRecords.issueDue(level, rules: rules, on: transaction)
            if level == .flagged { flagged = issued }
            return (level.rawValue, issued.count)
        }
        return (counts, flagged)
    }

    /// Escalates the cases whose lead was just flagged, where their plan says so and a higher tier exists.
    func escalateFlagged(_ workOrders: [String], on transaction: PostgresConnection) throws {
        for workOrder in workOrders {
            guard let holder = try WorkOrders.holder(workOrder, on: transaction), holder.role == .lead
            else { continue }
            let caseRef = try CaseRef.lock(caseId: holder.caseId, on: transaction)
            // No move (top of the ladder, no plan, a status that cannot escalate): only the flag stands.
            // Database errors are not caught: the tick rolls back, flag and all, and runs again.
            guard case .move(let move) = try Escalation.next(of: caseRef, on: transaction),
                move.plan.escalateWhenFlagged
            else { continue }
            let department = holder.department
            try Escalation.escalate(
                caseRef, to: move, trigger: .overdue, reason: "flagged supervision of \(department)",
                actor: "routing",
                producer: "routing", on: transaction)
            logger.notice("escalated overdue case", metadata: ["case": "\(caseRef.number)"])
        }
    }
}
