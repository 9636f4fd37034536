import CaseStore
import Contracts
import Runtime

/// 分流交办: the routing service. Consumes registered cases, routes them by the
/// rules (or to triage for a human dispatcher) and sends the work orders; 督办:
/// watches the due times and escalates by rule.
@main
struct RoutingMain {
    static func main() async {
        await ServiceMain.run("routing") {
            let host = try ServiceHost(serviceName: "routing", defaultPort: 8082)
            let access = try await host.makeAccess()
            let dispatch = CaseDispatch(
                answerDays: host.configuration.answerDays,
                identity: try IdentityKey(configured: host.configuration.identityKey))
            let topology = host.topology(
                consuming: [Queues.routing], publishingTo: [Exchanges.events, Exchanges.departments])
            let dispatcher = Dispatcher(dispatch: dispatch)
            let pool = host.makePool()
            let router = host.makeRouter(access: access)
            SupervisionAPI(pool: pool, access: access).register(on: router)
            TriageAPI(pool: pool, dispatch: dispatch, access: access).register(on: router)
            try await host.run(
                router: router,
                loops: [
                    host.consumer(
                        name: "routing", queues: [Queues.routing], handler: dispatcher, topology: topology),
                    host.outboxRelay(topology: topology),
                    SupervisionScheduler(configuration: host.configuration, logger: host.logger).service,
                ])
            pool.shutdown()
        }
    }
}
