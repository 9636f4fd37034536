import Contracts
import Runtime

/// 回访归档: the follow-up service. Thin for now: it consumes `followup.cases`
/// and records each message it receives; visits and archiving come with the lifecycle work.
@main
struct FollowupMain {
    static func main() async throws {
        let host = try ServiceHost(serviceName: "followup", defaultPort: 8084)
        let topology = try await host.loadTopology()
        try await host.run(
            router: host.makeRouter(),
            loops: [
                host.consumer(
                    name: "followup", queues: [Queues.followup], handler: LoggingHandler(logger: host.logger),
                    topology: topology),
                host.outboxRelay(topology: topology),
            ])
    }
}
