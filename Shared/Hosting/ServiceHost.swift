import CaseModel
import CaseStore
import Contracts
import Foundation
import HTTPSupport
import Hummingbird
import Logging
import Messaging
import Metrics
import Prometheus
import Reliability
import ServiceLifecycle
import Settings
import Storage

/// Wires one OneDoor service: logging, metrics, `/healthz` and `/metrics` over
/// HTTP, the topology, and the blocking loops, all under one ServiceGroup that
/// shuts down gracefully on SIGTERM/SIGINT.
public struct ServiceHost: Sendable {
    public let configuration: ServiceConfiguration
    /// The centre's time rules, read and checked once at start.
    public let rules: HandlingRules
    /// The environment, for a service's own settings.
    public let settings: EnvironmentSettings
    public let logger: Logger
    public let health = Health()
    let registry: PrometheusCollectorRegistry
    /// Seals personal data in the outbox and in dead letters (nil without ONEDOOR_IDENTITY_KEY).
    public let personalDataSeal: PersonalDataSeal?

    /// Reads the configuration and bootstraps logging and metrics (once per process).
    public init(serviceName: String, defaultPort: Int) throws {
        let configuration = try ServiceConfiguration(serviceName: serviceName, defaultPort: defaultPort)
        settings = EnvironmentSettings()
        rules = try HandlingRules.fromEnvironment(settings)
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = OneLineLogHandler(wrapping: StreamLogHandler.standardOutput(label: label))
            handler.logLevel = level
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        self.configuration = configuration
        self.registry = registry
        personalDataSeal = try configuration.identityKey.map { try IdentityKey(secret: $0).personalDataSeal }
        var logger = Logger(label: "onedoor.\(serviceName)")
        logger[metadataKey: "service"] = "\(serviceName)"
        self.logger = logger
    }

    /// The part of the topology this service declares: the queues it consumes, with their
    /// bindings; the exchanges it publishes to (and the dead-letter exchange) are only checked.
    /// Its broker user may configure nothing else (docs/operations.md, least privilege).
    public func topology(consuming queues: [String], publishingTo exchanges: [String]) -> Topology {
        Topology.oneDoor(departmentCodes: queues.compactMap(Queues.departmentCode(ofQueue:)))
            .slice(consuming: queues, publishingTo: exchanges + [Exchanges.deadLetter])
    }

    /// The departments in the reference data. Waits for the database: services may start before it is up.
    /// `handledBy`: only the departments whose work orders that system reads (`onedoor`,
    /// `own-system`; docs/messaging.md).
    public func departmentCodes(handledBy: String? = nil) async throws -> [String] {
        var backoff = Backoff(cap: 10)
        while true {
            do {
                let connection = try PostgresConnection(conninfo: configuration.postgresURL)
                return try ReferenceLookups.departmentCodes(handledBy: handledBy, on: connection)
            } catch let error as PostgresError where error.isTransient || error.sqlState == "42P01" {
                let delay = backoff.step()
                logger.warning(
                    "database not ready; waiting",
                    metadata: ["error": "\(error)", "retryInSeconds": "\(delay)"])
                try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            }
        }
    }

    /// Staff tokens, with the configured secret (ONEDOOR_AUTH_SECRET), and staff accounts'
    /// sessions and API keys, looked up on the service's own `pool` and rechecked every
    /// ONEDOOR_CREDENTIAL_RECHECK_SECONDS (30 by default, at most 60).
    public func makeAccess(pool: PostgresPool) async throws -> Access {
        let recheck = try settings.integer("ONEDOOR_CREDENTIAL_RECHECK_SECONDS", 30, range: 1...60)
        return try await Access(
            secret: configuration.authSecret, logger: logger,
            maximumHours: Double(configuration.tokenMaxHours),
            callers: AccountCallers(pool: pool, recheckSeconds: recheck))
    }

    /// A router with `/healthz` and `/metrics`, whose errors are problem bodies and
    /// whose `/api` routes need a staff token; add the service's own routes to it.
    /// `openPaths`: POST paths that authenticate themselves (AccessMiddleware).
    public func makeRouter(access: Access, openPaths: Set<String> = []) -> Router<StaffRequestContext> {
        let router = Router(context: StaffRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: AccessMiddleware(access: access, openPaths: openPaths))
        addProbes(to: router)
        return router
    }

    /// `/healthz` and `/metrics`, for a service whose other routes are not the API (the workbench's pages).
    public func addProbes(to router: Router<StaffRequestContext>) {
        let health = self.health
        let registry = self.registry
        router.get("/healthz") { _, _ -> Response in
            let snapshot = health.snapshot
            let body = snapshot.sorted { $0.key < $1.key }.map {
                "\"\($0.key)\":\($0.value ? "\"up\"" : "\"down\"")"
            }
            let healthy = health.isHealthy
            let json =
                "{\"status\":\"\(healthy ? "up" : "down")\",\"components\":{\(body.joined(separator: ","))}}"
            return Response(
                status: healthy ? .ok : .serviceUnavailable,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: json)))
        }
        router.get("/metrics") { _, _ -> Response in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }

    /// Runs the HTTP server and the loops until SIGTERM or SIGINT.
    public func run(router: Router<StaffRequestContext>, loops: [BlockingLoop]) async throws {
        let application = Application(
            router: router,
            // A connection that sends no complete request in time (slow headers) is closed.
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.httpIdleSeconds)))),
            configuration: .init(
                address: .hostname(configuration.httpHost, port: configuration.httpPort),
                serverName: "onedoor-\(configuration.serviceName)"),
            logger: logger)
        let retention = RetentionJob(
            producer: configuration.serviceName, alsoRelaying: [CaseStepped.producer],
            configuration: configuration.backbone, logger: logger)
        // Reports, the workbench and accounts write no outbox and read no inbox: nothing to clean.
        let cleans = !["reports", "workbench", "accounts"].contains(configuration.serviceName)
        let services: [any Service] = [application] + loops + (cleans ? [retention.service] : [])
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        logger.info(
            "starting",
            metadata: [
                "http": "\(configuration.httpHost):\(configuration.httpPort)",
                "amqp": "\((try? configuration.amqp().redacted) ?? "?")",
            ])
        try await group.run()
    }

    /// Database connections on threads of their own, for HTTP handlers.
    public func makePool() -> PostgresPool {
        PostgresPool(conninfo: configuration.postgresURL, size: configuration.poolSize)
    }

    public func consumer(name: String, queues: [String], handler: any MessageHandler, topology: Topology)
        -> BlockingLoop
    {
        ConsumerLoop(
            name: name, queues: queues, handler: handler, configuration: configuration.backbone,
            topology: topology, health: health, logger: logger, seal: personalDataSeal,
            describeRefusal: RefusalReasons.describe
        ).service
    }

    public func outboxRelay(topology: Topology) -> BlockingLoop {
        OutboxRelay(
            producer: configuration.serviceName, alsoRelaying: [CaseStepped.producer],
            configuration: configuration.backbone, topology: topology, health: health, logger: logger,
            seal: personalDataSeal
        ).service
    }
}
