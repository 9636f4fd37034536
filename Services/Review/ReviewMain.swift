import Contracts
import Runtime

/// 专家评审: the review service. Thin for now: it consumes `review.cases` and
/// records each message it receives; panels and opinions come with the lifecycle work.
@main
struct ReviewMain {
    static func main() async throws {
        let host = try ServiceHost(serviceName: "review", defaultPort: 8083)
        let topology = try await host.loadTopology()
        try await host.run(
            router: host.makeRouter(),
            loops: [
                host.consumer(
                    name: "review", queues: [Queues.review], handler: LoggingHandler(logger: host.logger),
                    topology: topology),
                host.outboxRelay(topology: topology),
            ])
    }
}
