import CaseStore
import Contracts
import HTTPSupport
import Hosting
import OpenAPIHummingbird

/// 分流交办: the routing service. Consumes registered cases, routes them by the
/// rules (or to triage for a human dispatcher) and sends the work orders; 督办:
/// watches the due times and escalates by rule.
@main
struct RoutingMain {
    static func main() async {
        await ServiceMain.run("routing") {
            let host = try ServiceHost(serviceName: "routing", defaultPort: 8082)
            let writer = WorkOrderWriter(
                rules: host.rules, identity: try IdentityKey(configured: host.configuration.identityKey))
            let topology = host.topology(
                consuming: [Queues.routing], publishingTo: [Exchanges.events, Exchanges.departments])
            let pool = host.makePool()
            let access = try await host.makeAccess(pool: pool)
            let router = host.makeRouter(access: access)
            try RoutingAPI(pool: pool, writer: writer, access: access).registerHandlers(
                on: router, serverURL: GeneratedAPI.serverURL, configuration: GeneratedAPI.configuration,
                middlewares: GeneratedAPI.middlewares)
            try await host.run(
                router: router,
                loops: [
                    host.consumer(
                        name: "routing", queues: [Queues.routing], handler: RoutingConsumer(writer: writer),
                        topology: topology),
                    host.outboxRelay(topology: topology),
                    SupervisionScheduler(
                        configuration: host.configuration.backbone, rules: host.rules,
                        interval: try SupervisionScheduler.interval(from: host.settings), logger: host.logger
                    ).service,
                ])
            pool.shutdown()
        }
    }
}
