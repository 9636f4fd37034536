import Accounts
import CaseStore
import HTTPSupport
import Hosting
import OpenAPIHummingbird
import Reliability
import Storage

/// 账号: the accounts service. Staff sign in and out here and admins manage accounts and their
/// API keys; every other service checks the sessions and keys it issues (docs/access.md).
/// It reads and writes the database only: no broker.
@main
struct AccountsMain {
    static func main() async {
        await ServiceMain.run("accounts") {
            let host = try ServiceHost(serviceName: "accounts", defaultPort: 8087)
            let settings = try AccountSettings(host.settings)
            let pool = host.makePool()
            let access = try await host.makeAccess(pool: pool)
            let router = host.makeRouter(access: access)
            try AccountsAPI(pool: pool, access: access, settings: settings, logger: host.logger)
                .registerHandlers(
                    on: router, serverURL: GeneratedAPI.serverURL, configuration: GeneratedAPI.configuration,
                    middlewares: GeneratedAPI.middlewares)
            // Ended and expired sessions are kept 30 days (who signed in when), then forgotten;
            // case reads ONEDOOR_READ_AUDIT_DAYS (reveals are kept).
            let readDays = settings.readAuditDays
            let probe = DatabaseProbe(host: host) {
                try StaffSessions.purge(olderThanDays: 30, on: $0)
                try AccessAudit.purgeReads(olderThanDays: readDays, on: $0)
            }
            try await host.run(router: router, loops: [probe.service])
            pool.shutdown()
        }
    }
}
