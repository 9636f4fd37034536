import CaseModel
import CaseStore
import Contracts
import Escalation
import Foundation
import Logging
import Runtime
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
    let configuration: ServiceConfiguration
    let logger: Logger

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
                for (level, count) in issued where count > 0 {
                    logger.notice("supervision issued", metadata: ["level": "\(level)", "count": "\(count)"])
                }
                backoff.reset()
                stop.sleep(configuration.supervisionInterval)
            } catch {
                if let error = error as? PostgresError, error.kind == .connection { database = nil }
                let delay = backoff.step()
                logger.warning(
                    "supervision tick failed", metadata: ["error": "\(error)", "retryInSeconds": "\(delay)"])
                stop.sleep(delay)
            }
        }
    }

    /// Issues whatever is due now; returns how many records of each level, and the
    /// work orders newly flagged.
    func tick(on transaction: PostgresConnection) throws -> (counts: [(String, Int)], flagged: [String]) {
        // Which open work orders have reached each level ($1 is the level; $2 seconds from the due time).
        // The conditions are constants of this file, never input.
        let levels: [(level: String, condition: String, parameters: [(any PostgresEncodable)?])] = [
            (
                "reminder", "now() >= w.due_at - make_interval(secs => $2) AND now() < w.due_at",
                [configuration.reminderLead]
            ),
            ("notice", "now() >= w.due_at", []),
            ("flagged", "now() >= w.due_at + make_interval(secs => $2)", [configuration.flagAfter]),
        ]
        var flagged: [String] = []
        let counts = try levels.map { level, condition, parameters in
            let inserted = try transaction.execute(
                """
                INSERT INTO supervision_records (case_id, work_order_id, department_code, level, due_at)
                SELECT w.case_id, w.id, w.department_code, $1, w.due_at
                FROM work_orders w JOIN cases c ON c.id = w.case_id
                WHERE w.answered_at IS NULL AND w.closed_at IS NULL AND c.status IN ('dispatched', 'handling')
                  AND NOT EXISTS (SELECT 1 FROM clock_pauses p WHERE p.case_id = w.case_id AND p.ended_at IS NULL)
                  AND \(condition)
                ON CONFLICT (work_order_id, level) DO NOTHING
                RETURNING work_order_id::text AS work_order_id
                """, [level] + parameters)
            if level == "flagged" { flagged = try inserted.rows.map { try $0.decode("work_order_id") } }
            return (level, inserted.rows.count)
        }
        return (counts, flagged)
    }

    /// Escalates the cases whose lead was just flagged, where their plan says so and a higher tier exists.
    func escalateFlagged(_ workOrders: [String], on transaction: PostgresConnection) throws {
        for workOrder in workOrders {
            guard
                let row = try transaction.execute(
                    "SELECT case_id::text AS case_id, role, department_code FROM work_orders WHERE id = $1::uuid",
                    [workOrder]
                ).first, try row.decode("role", as: String.self) == WorkOrderRole.lead.rawValue
            else { continue }
            let caseRef = try CaseRef.lock(caseId: try row.decode("case_id"), on: transaction)
            // No move (top of the ladder, no plan, a status that cannot escalate): only the flag stands.
            // Database errors are not caught: the tick rolls back, flag and all, and runs again.
            let move: Escalation.Move
            do {
                move = try Escalation.nextStep(of: caseRef, on: transaction)
            } catch is IllegalTransition {
                continue
            } catch is Problem {
                continue
            }
            guard move.plan.escalateWhenFlagged else { continue }
            let department: String = try row.decode("department_code")
            try Escalation.escalate(
                caseRef, to: move, trigger: .overdue, reason: "flagged supervision of \(department)",
                actor: "routing",
                producer: "routing", on: transaction)
            logger.notice("escalated overdue case", metadata: ["case": "\(caseRef.number)"])
        }
    }
}
