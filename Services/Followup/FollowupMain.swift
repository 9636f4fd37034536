import Contracts
import HTTPSupport
import Hosting
import OpenAPIHummingbird

/// 回访归档: the follow-up service. Schedules a return visit when a case's answer
/// is accepted, upheld by review, or was resolved on the spot; the recorded visit
/// archives the case, or sends it back to the department for rectification.
@main
struct FollowupMain {
    static func main() async {
        await ServiceMain.run("followup") {
            let host = try ServiceHost(serviceName: "followup", defaultPort: 8085)
            let topology = host.topology(consuming: [Queues.followup], publishingTo: [Exchanges.events])
            let pool = host.makePool()
            let access = try await host.makeAccess(pool: pool)
            let router = host.makeRouter(access: access)
            try VisitAPI(pool: pool, access: access).registerHandlers(
                on: router, serverURL: GeneratedAPI.serverURL, configuration: GeneratedAPI.configuration,
                middlewares: GeneratedAPI.middlewares)
            try await host.run(
                router: router,
                loops: [
                    host.consumer(
                        name: "followup", queues: [Queues.followup], handler: VisitScheduler(),
                        topology: topology
                    ),
                    host.outboxRelay(topology: topology),
                ])
            pool.shutdown()
        }
    }
}
