import Contracts
import Foundation
import HTTPSupport
import Hosting
import OpenAPIHummingbird
import Settings

/// 通知: the notifier. Tells the petitioner by SMS at every moment that matters to them
/// (Moments/), through a provider adapter (Sending/): the webhook of a real SMS gateway, or a
/// log file for local runs. The phone is opened here and nowhere else.
@main
struct NotifierMain {
    static func main() async {
        await ServiceMain.run("notifier") {
            let host = try ServiceHost(serviceName: "notifier", defaultPort: 8089)
            let settings = try NotifierSettings(host.settings)
            guard let seal = host.personalDataSeal else {
                throw ConfigurationError(
                    "ONEDOOR_IDENTITY_KEY must be set: the notifier opens the petitioner's phone")
            }
            let book = try TemplateBook.load(path: settings.templatesPath)
            let problems = book.problems(signature: settings.signature)
            guard problems.isEmpty else {
                throw ConfigurationError("notification templates: " + problems.joined(separator: "; "))
            }
            let topology = host.topology(consuming: [Queues.notifier], publishingTo: [])
            let pool = host.makePool()
            let access = try await host.makeAccess(pool: pool)
            let router = host.makeRouter(access: access, openPaths: [NotificationCallback.path])
            NotificationCallback(pool: pool, secret: settings.callbackSecret, logger: host.logger)
                .register(on: router)
            try NotificationAPI(pool: pool, access: access).registerHandlers(
                on: router, serverURL: GeneratedAPI.serverURL, configuration: GeneratedAPI.configuration,
                middlewares: GeneratedAPI.middlewares)
            let provider = try settings.provider()
            let dispatcher = NotificationDispatcher(
                postgresURL: host.configuration.postgresURL, provider: provider,
                book: book, seal: seal, signature: settings.signature,
                maxAttempts: settings.maxAttempts, retryBase: settings.retryBase,
                fault: host.configuration.fault, health: host.health, logger: host.logger)
            host.logger.info("sending SMS through the \(provider.name) adapter")
            try await host.run(
                router: router,
                loops: [
                    host.consumer(
                        name: "notifier", queues: [Queues.notifier],
                        handler: EventReceiver(
                            book: book, rules: host.rules, seal: seal, logger: host.logger),
                        topology: topology),
                    dispatcher.service,
                ])
            pool.shutdown()
        }
    }
}
