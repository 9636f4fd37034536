import Contracts
import Runtime

/// 分流交办: the routing service. Consumes registered cases, picks the
/// responsible department and sends it a work order; 督办: watches the due times.
@main
struct RoutingMain {
    static func main() async throws {
        let host = try ServiceHost(serviceName: "routing", defaultPort: 8082)
        let topology = try await host.loadTopology()
        let dispatcher = Dispatcher(answerDays: host.configuration.answerDays)
        let pool = host.makePool()
        let router = host.makeRouter()
        SupervisionAPI(pool: pool).register(on: router)
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
