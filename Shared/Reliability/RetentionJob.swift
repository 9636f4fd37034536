import Foundation
import Logging
import Storage

/// Deletes what the backbone no longer needs once the retention period has passed
/// (ONEDOOR_RETENTION_DAYS, 7): this producer's sent outbox rows (they may hold sealed
/// personal data) and processed inbox rows (a redelivery older than that is not expected).
/// Every replica of every service runs it; `SKIP LOCKED` batches keep them out of each
/// other's way, so several replicas only share the work.
public final class RetentionJob: Sendable {
    /// This producer's rows and the shared ones its relay also publishes (`OutboxRelay.alsoRelaying`).
    let producers: [String]
    let configuration: BackboneConfiguration
    let logger: Logger
    static let batch = 1000

    public init(
        producer: String, alsoRelaying: [String] = [], configuration: BackboneConfiguration, logger: Logger
    ) {
        self.producers = [producer] + alsoRelaying
        self.configuration = configuration
        self.logger = logger
    }

    public var service: BlockingLoop {
        BlockingLoop(name: "retention") { stop in self.run(until: stop) }
    }

    func run(until stop: StopFlag) {
        var database: PostgresConnection?
        while !stop.isRaised {
            do {
                if database == nil || !database!.isConnected {
                    database = try PostgresConnection(conninfo: configuration.postgresURL)
                }
                let (outbox, inbox) = try sweep(database!, until: stop)
                if outbox + inbox > 0 {
                    logger.info(
                        "retention: old rows deleted", metadata: ["outbox": "\(outbox)", "inbox": "\(inbox)"])
                }
            } catch {
                database = nil
                logger.warning("retention sweep failed; next time", metadata: ["error": "\(error)"])
            }
            stop.sleep(configuration.retentionInterval)
        }
    }

    /// Deletes in batches until nothing old is left; returns how many rows of each went.
    func sweep(_ database: PostgresConnection, until stop: StopFlag) throws -> (Int, Int) {
        let days = configuration.retentionDays
        var outbox = 0
        var inbox = 0
        while !stop.isRaised {
            let sent = try database.execute(
                """
                DELETE FROM outbox WHERE id IN (
                  SELECT id FROM outbox WHERE producer = ANY($1::text[]) AND sent_at < now() - make_interval(days => $2)
                  LIMIT $3 FOR UPDATE SKIP LOCKED)
                """, [PostgresArray.text(producers), days, Self.batch]
            ).affectedRows
            let processed = try database.execute(
                """
                DELETE FROM inbox WHERE ctid IN (
                  SELECT ctid FROM inbox WHERE processed_at < now() - make_interval(days => $1)
                  LIMIT $2 FOR UPDATE SKIP LOCKED)
                """, [days, Self.batch]
            ).affectedRows
            outbox += sent
            inbox += processed
            if sent < Self.batch && processed < Self.batch { break }
        }
        return (outbox, inbox)
    }
}
