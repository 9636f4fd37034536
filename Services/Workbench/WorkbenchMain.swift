import Foundation
import HTTPSupport
import Hosting
import Hummingbird
import Mustache
import WebPages

/// 工作台: the staff's workbench. Server-rendered pages in Chinese (English switchable) behind the
/// gateway at `/`; every read and every action goes to the services' HTTP API with the signed-in
/// person's session, so the services stay the only writers and refuse what they refuse over the
/// API. Its database role reads the reference data's names only.
@main
struct WorkbenchMain {
    static func main() async {
        await ServiceMain.run("workbench") {
            let host = try ServiceHost(serviceName: "workbench", defaultPort: 8088)
            let pool = host.makePool()
            let settings = try WorkbenchSettings(host.settings, authSecret: host.configuration.authSecret)
            guard let templates = Bundle.module.url(forResource: "Templates", withExtension: nil),
                let statics = Bundle.module.url(forResource: "Static", withExtension: nil)
            else { throw ResourcesMissing() }
            let catalogue = try MessageCatalogue.workbench()
            let time = TimeWords(timeZone: settings.timeZone, catalogue: catalogue)
            let client = ServiceClient(
                baseURL: settings.apiURL, logger: host.logger, secret: settings.authSecret)
            let workbench = Workbench(
                settings: settings, client: client, people: PeopleCache(client: client), catalogue: catalogue,
                references: ReferenceCache(pool: pool),
                templates: try await MustacheLibrary(directory: templates.path),
                forms: FormGuard(secret: settings.authSecret),
                refusals: RefusalWords(catalogue: catalogue),
                time: time, reasons: ReasonWords(catalogue: catalogue, time: time), logger: host.logger)
            let router = Router(context: StaffRequestContext.self)
            router.add(middleware: SecurityHeaders())
            host.addProbes(to: router)
            try StaticFiles(directory: statics).register(on: router)
            SignInPages(workbench: workbench).register(on: router)
            HomePage(workbench: workbench).register(on: router)
            CasePage(workbench: workbench).register(on: router)
            CaseActions(workbench: workbench).register(on: router)
            RegistrationPages(workbench: workbench).register(on: router)
            SearchPage(workbench: workbench).register(on: router)
            DocumentPages(workbench: workbench).register(on: router)
            AttachmentPages(workbench: workbench).register(on: router)
            AdminPages(workbench: workbench).register(on: router)
            // Any other address: a page that says so, in the person's language.
            router.get("**") { request, context -> Response in
                let visit = workbench.visit(request, peer: context.peer)
                return workbench.answer(
                    .page("message", ["message": catalogue.text(visit.language, "app.not_found")], .notFound),
                    visit)
            }
            try await host.run(router: router, loops: [DatabaseProbe(host: host).service])
            pool.shutdown()
        }
    }
}

struct ResourcesMissing: Error, CustomStringConvertible {
    var description: String { "the workbench's templates and static files are missing beside the executable" }
}
