import CaseStore
import Contracts
import HTTPSupport
import Hosting
import OpenAPIHummingbird
import Storage

/// 受理登记: the intake service. Registers cases from the reception windows over
/// HTTP and from grid events over AMQP, and announces them through its outbox.
/// Clients reach it through the gateway on port 8080 (docs/architecture.md).
@main
struct IntakeMain {
    static func main() async {
        await ServiceMain.run("intake") {
            let host = try ServiceHost(serviceName: "intake", defaultPort: 8081)
            let identity = try IdentityKey(configured: host.configuration.identityKey)
            let topology = host.topology(consuming: [Queues.gridEvents], publishingTo: [Exchanges.events])
            let pool = host.makePool()
            let access = try await host.makeAccess(pool: pool)
            let router = host.makeRouter(access: access)
            let evidence = try AttachmentDesk.configured()
            try CaseAPI(
                pool: pool, fault: host.configuration.fault, rules: host.rules, identity: identity,
                access: access, logger: host.logger, evidence: evidence
            )
            .registerHandlers(
                on: router, serverURL: GeneratedAPI.serverURL, configuration: GeneratedAPI.configuration,
                middlewares: GeneratedAPI.middlewares)
            try await host.run(
                router: router,
                loops: [
                    host.consumer(
                        name: "intake-grid", queues: [Queues.gridEvents],
                        handler: GridEventIntake(identity: identity),
                        topology: topology),
                    host.outboxRelay(topology: topology),
                ])
            pool.shutdown()
        }
    }
}
