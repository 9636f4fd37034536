import Runtime
import Storage

/// 受理登记: the intake service. Registers cases from the reception windows over
/// HTTP (and, later, grid events over AMQP) and announces them through its outbox.
/// Its HTTP server is also the system's single entry point (port 8080).
@main
struct IntakeMain {
    static func main() async throws {
        let host = try ServiceHost(serviceName: "intake", defaultPort: 8080)
        let topology = try await host.loadTopology()
        let pool = PostgresPool(conninfo: host.configuration.postgresURL, size: host.configuration.poolSize)
        let router = host.makeRouter()
        router.add(middleware: ProblemMiddleware())
        CaseAPI(pool: pool, configuration: host.configuration).register(on: router)
        try await host.run(router: router, loops: [host.outboxRelay(topology: topology)])
        pool.shutdown()
    }
}
