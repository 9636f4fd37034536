import HTTPSupport
import Hosting
import OpenAPIHummingbird
import Reliability
import Reports
import Storage

/// 报表: the reports service. Serves the figures the centres publish (JSON and
/// CSV) and the dashboard page, read-only over the shared database.
@main
struct ReportsMain {
    static func main() async {
        await ServiceMain.run("reports") {
            let host = try ServiceHost(serviceName: "reports", defaultPort: 8086)
            let pool = host.makePool()
            let access = try await host.makeAccess(pool: pool)
            let router = host.makeRouter(access: access)
            try ReportsAPI(pool: pool, access: access).registerHandlers(
                on: router, serverURL: GeneratedAPI.serverURL, configuration: GeneratedAPI.configuration,
                middlewares: GeneratedAPI.middlewares)
            try await host.run(router: router, loops: [DatabaseProbe(host: host).service])
            pool.shutdown()
        }
    }
}
