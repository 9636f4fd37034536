import Contracts
import Runtime

/// 分流交办: the routing service. Consumes registered cases, picks the
/// responsible department and sends it a work order.
@main
struct RoutingMain {
    static func main() async throws {
        let host = try ServiceHost(serviceName: "routing", defaultPort: 8082)
        let topology = try await host.loadTopology()
        let dispatcher = Dispatcher(answerDays: host.configuration.answerDays)
        try await host.run(
            router: host.makeRouter(),
            loops: [
                host.consumer(
                    name: "routing", queues: [Queues.routing], handler: dispatcher, topology: topology),
                host.outboxRelay(topology: topology),
            ])
    }
}
