import Contracts
import HTTPSupport
import Hosting
import OpenAPIHummingbird
import PetitionerSteps

/// 专家评审: the review service. Petitioners who disputed an answer apply for
/// review with experts of their choice; the panel's opinions decide whether the
/// answer stands (→ follow-up) or is revised (→ back to the department).
@main
struct ReviewMain {
    static func main() async {
        await ServiceMain.run("review") {
            let host = try ServiceHost(serviceName: "review", defaultPort: 8084)
            let topology = host.topology(consuming: [Queues.review], publishingTo: [Exchanges.events])
            let pool = host.makePool()
            let access = try await host.makeAccess(pool: pool)
            let router = host.makeRouter(access: access)
            let rules = ReviewRules(handling: host.rules)
            try ReviewAPI(pool: pool, rules: rules, access: access).registerHandlers(
                on: router, serverURL: GeneratedAPI.serverURL, configuration: GeneratedAPI.configuration,
                middlewares: GeneratedAPI.middlewares)
            try await host.run(
                router: router,
                loops: [
                    host.consumer(
                        name: "review", queues: [Queues.review],
                        handler: DisputeReceiver(logger: host.logger),
                        topology: topology),
                    host.outboxRelay(topology: topology),
                ])
            pool.shutdown()
        }
    }
}
