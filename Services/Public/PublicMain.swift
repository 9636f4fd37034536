import Contracts
import Foundation
import HTTPSupport
import Hosting
import Hummingbird
import Mustache
import OpenAPIHummingbird
import PetitionerSteps
import Settings
import WebPages

/// 查询页: the petitioner's status page and self-service, served apart from the staff's side
/// (port 8090), so an operator can put it on the internet and keep the workbench inside. It holds
/// no staff secret and no identity key: it finds a case by number and query code, and records the
/// petitioner's own steps online with the same rules as the window (PetitionerSteps).
@main
struct PublicMain {
    static func main() async {
        await ServiceMain.run("public") {
            let host = try ServiceHost(serviceName: "public", defaultPort: 8090)
            let settings = try PublicSettings(host.settings)
            guard let templates = Bundle.module.url(forResource: "Templates", withExtension: nil),
                let statics = Bundle.module.url(forResource: "Static", withExtension: nil)
            else { throw ConfigurationError("the status page's templates and static files are missing") }
            let pool = host.makePool()
            let catalogue = try MessageCatalogue.statusPage()
            let desk = StatusDesk(pool: pool, rules: host.rules, settings: settings, logger: host.logger)
            let site = PublicSite(
                settings: settings, catalogue: catalogue,
                templates: try await MustacheLibrary(directory: templates.path),
                forms: FormGuard(secret: settings.secret, purpose: "onedoor-public-forms"),
                session: PetitionerSession(secret: settings.secret, minutes: settings.sessionMinutes),
                logger: host.logger)
            let router = Router(context: StaffRequestContext.self)
            router.add(middleware: SecurityHeaders())
            router.add(middleware: ProblemMiddleware())
            router.add(middleware: ClientAddressMiddleware(trustForwarded: settings.trustForwarded))
            router.add(middleware: PageErrors(site: site))
            host.addProbes(to: router)
            try StaticFiles(directory: statics).register(on: router)
            StatusPages(site: site, desk: desk, minimumExperts: host.rules.reviewMinimumExperts)
                .register(on: router)
            try StatusAPI(desk: desk, catalogue: catalogue).registerHandlers(
                on: router, serverURL: GeneratedAPI.serverURL, configuration: GeneratedAPI.configuration,
                middlewares: GeneratedAPI.middlewares)
            StatusPages(site: site, desk: desk, minimumExperts: host.rules.reviewMinimumExperts)
                .registerNotFound(on: router)
            let topology = host.topology(consuming: [], publishingTo: [Exchanges.events])
            try await host.run(router: router, loops: [host.outboxRelay(topology: topology)])
            pool.shutdown()
        }
    }
}

extension MessageCatalogue {
    /// The status page's own catalogues (Messages/).
    static func statusPage() throws -> MessageCatalogue { try MessageCatalogue(bundle: .module) }
}
