import Foundation
import Logging
import Runtime
import Storage

/// 督办: watches every open work order's due time and issues, once each, a
/// reminder before it, a supervision notice when it passes, and flagged
/// supervision (挂牌督办) after a further delay. Safe with several routing
/// replicas: the unique (work order, level) key lets only one insert win.
///
/// The clock runs only while a work order is open (not yet answered): while the
/// case waits on the petitioner's signature or on expert review it is paused,
/// and a new round after review or rectification starts with a new due time.
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
                let issued = try database!.transaction { try tick(on: $0) }
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

    /// Issues whatever is due now; returns how many records of each level.
    func tick(on transaction: PostgresConnection) throws -> [(String, Int)] {
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
        return try levels.map { level, condition, parameters in
            let inserted = try transaction.execute(
                """
                INSERT INTO supervision_records (case_id, work_order_id, department_code, level, due_at)
                SELECT w.case_id, w.id, w.department_code, $1, w.due_at
                FROM work_orders w JOIN cases c ON c.id = w.case_id
                WHERE w.answered_at IS NULL AND c.status IN ('dispatched', 'handling') AND \(condition)
                ON CONFLICT (work_order_id, level) DO NOTHING
                """, [level] + parameters)
            return (level, inserted.affectedRows)
        }
    }
}
