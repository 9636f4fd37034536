import HTTPSupport
import Hosting
import OpenAPIHummingbird
import Reliability
import Reports
import Storage

/// 报表: the reports service. Serves the figures the centres publish (JSON and
/// CSV) and the dashboard page, read-only over the shared database.
@main
struct ReportsMain {
    static func main() async {
        await ServiceMain.run("reports") {
            let host = try ServiceHost(serviceName: "reports", defaultPort: 8086)
            let access = try await host.makeAccess()
            let pool = host.makePool()
            let router = host.makeRouter(access: access)
            try ReportsAPI(pool: pool, access: access).registerHandlers(
                on: router, serverURL: GeneratedAPI.serverURL, configuration: GeneratedAPI.configuration,
                middlewares: GeneratedAPI.middlewares)
            try await host.run(router: router, loops: [DatabaseProbe(host: host).service])
            pool.shutdown()
        }
    }
}

/// The reports service has no consumer to notice a database outage, so it
/// checks the database itself for `/healthz`.
struct DatabaseProbe: Sendable {
    let host: ServiceHost

    var service: BlockingLoop {
        BlockingLoop(name: "database-probe") { stop in
            var connection: PostgresConnection?
            while !stop.isRaised {
                do {
                    if connection == nil {
                        connection = try PostgresConnection(conninfo: host.configuration.postgresURL)
                    }
                    _ = try connection!.execute("SELECT 1")
                    host.health.set("postgres", up: true)
                } catch {
                    connection = nil
                    host.health.set("postgres", up: false)
                }
                stop.sleep(5)
            }
        }
    }
}
