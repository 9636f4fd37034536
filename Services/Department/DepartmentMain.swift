import Contracts
import Foundation
import HTTPSupport
import Hosting
import Messaging
import OpenAPIHummingbird
import Settings

/// 职能部门: the department service. Consumes the work orders of the departments
/// it serves (those the reference data marks `handledBy: onedoor`, or those in
/// ONEDOOR_DEPARTMENTS) and records them; a department with its own system reads
/// its queue itself (docs/messaging.md).
/// takes handling steps, answers and sign-offs over HTTP and over AMQP.
@main
struct DepartmentMain {
    static func main() async {
        await ServiceMain.run("department") {
            let host = try ServiceHost(serviceName: "department", defaultPort: 8083)
            let known = try await host.departmentCodes()
            let ours = try await host.departmentCodes(handledBy: "onedoor")  // ReferenceData.HandledBy
            let wanted = ProcessInfo.processInfo.environment["ONEDOOR_DEPARTMENTS"].map {
                $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    !$0.isEmpty
                }
            }
            let served = wanted ?? ours
            if let unknown = served.first(where: { !known.contains($0) }) {
                throw ConfigurationError("ONEDOOR_DEPARTMENTS names unknown department '\(unknown)'")
            }
            let topology = host.topology(
                consuming: served.map(Queues.department) + [Queues.departmentActions],
                publishingTo: [Exchanges.events])
            let actions = DepartmentActions(rules: host.rules)
            let pool = host.makePool()
            let access = try await host.makeAccess(pool: pool)
            let router = host.makeRouter(access: access)
            try DepartmentAPI(pool: pool, actions: actions, access: access).registerHandlers(
                on: router, serverURL: GeneratedAPI.serverURL, configuration: GeneratedAPI.configuration,
                middlewares: GeneratedAPI.middlewares)
            try await host.run(
                router: router,
                loops: [
                    host.consumer(
                        name: "department", queues: served.map(Queues.department),
                        handler: WorkOrderReceiver(),
                        topology: topology),
                    host.consumer(
                        name: "department-actions", queues: [Queues.departmentActions],
                        handler: DepartmentActionConsumer(actions: actions), topology: topology),
                    host.outboxRelay(topology: topology),
                ])
            pool.shutdown()
        }
    }
}
