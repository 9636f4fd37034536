import Reliability
import Storage

/// A service with no consumer (reports, accounts) has nothing else to notice a database outage,
/// so it checks the database itself for `/healthz`, every 5 seconds; `chore`, if given, runs on
/// the same connection about once an hour (the accounts service forgets old sessions).
public struct DatabaseProbe: Sendable {
    let host: ServiceHost
    let chore: (@Sendable (PostgresConnection) throws -> Void)?

    public init(host: ServiceHost, chore: (@Sendable (PostgresConnection) throws -> Void)? = nil) {
        self.host = host
        self.chore = chore
    }

    public var service: BlockingLoop {
        BlockingLoop(name: "database-probe") { stop in
            var connection: PostgresConnection?
            var round = 0
            while !stop.isRaised {
                do {
                    if connection == nil {
                        connection = try PostgresConnection(conninfo: host.configuration.postgresURL)
                    }
                    _ = try connection!.execute("SELECT 1")
                    host.health.set("postgres", up: true)
                    if let chore, round % 720 == 0 { try chore(connection!) }
                    round += 1
                } catch {
                    connection = nil
                    host.health.set("postgres", up: false)
                }
                stop.sleep(5)
            }
        }
    }
}
