// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v6)]
/// Each service's HTTP layer is generated from docs/openapi.yaml (its own operations, named in
/// its openapi-generator-config.yaml) at build time, so document and code cannot drift.
let openAPIGenerator: [Target.PluginUsage] = [
    .plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")
]

let package = Package(
    name: "OneDoor",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "onedoor-intake", targets: ["Intake"]),
        .executable(name: "onedoor-routing", targets: ["Routing"]),
        .executable(name: "onedoor-department", targets: ["Department"]),
        .executable(name: "onedoor-review", targets: ["Review"]),
        .executable(name: "onedoor-followup", targets: ["Followup"]),
        .executable(name: "onedoor-reports", targets: ["ReportsService"]),
        .executable(name: "onedoor-accounts", targets: ["AccountsService"]),
        .executable(name: "onedoor-workbench", targets: ["Workbench"]),
        .executable(name: "onedoor-notifier", targets: ["Notifier"]),
        .executable(name: "onedoor-public", targets: ["Public"]),
        .executable(name: "onedoor-admin", targets: ["Admin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // C interop: system libraries from Debian's -dev packages, plus a shim for variadic calls.
        .systemLibrary(
            name: "CRabbitMQ", path: "Shared/CRabbitMQ", pkgConfig: "librabbitmq",
            providers: [.apt(["librabbitmq-dev"])]),
        .systemLibrary(
            name: "CLibPQ", path: "Shared/CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),
        .target(name: "CAMQPShim", dependencies: ["CRabbitMQ"], path: "Shared/CAMQPShim"),

        // The shared kernel: the domain (no dependencies), storage and messaging over C,
        // the backbone, then the HTTP layer and hosting, which only services link.
        .target(name: "Settings", path: "Shared/Settings", swiftSettings: swiftSettings),
        .target(
            name: "CaseModel", path: "Shared/CaseModel", swiftSettings: swiftSettings),
        .target(
            name: "Storage",
            dependencies: ["CLibPQ", .product(name: "Logging", package: "swift-log")],
            path: "Shared/Storage", swiftSettings: swiftSettings),
        .target(
            name: "Messaging",
            dependencies: ["CRabbitMQ", "CAMQPShim", .product(name: "Logging", package: "swift-log")],
            path: "Shared/Messaging", swiftSettings: swiftSettings),
        .target(
            name: "Reliability",
            dependencies: [
                "Storage", "Messaging", "Settings",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Shared/Reliability", swiftSettings: swiftSettings),
        .target(
            name: "Contracts", dependencies: ["CaseModel", "Messaging", "Reliability", "Storage"],
            path: "Shared/Contracts", swiftSettings: swiftSettings),
        .target(
            name: "CaseStore",
            dependencies: [
                "CaseModel", "Storage", "Settings", "Contracts", "Reliability",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Shared/CaseStore", swiftSettings: swiftSettings),
        .target(
            name: "Accounts",
            dependencies: [
                "CaseModel", "Storage", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            path: "Shared/Accounts", swiftSettings: swiftSettings),
        .target(
            name: "ReferenceData",
            dependencies: ["CaseModel", "Storage", .product(name: "Yams", package: "Yams")],
            path: "Shared/ReferenceData", swiftSettings: swiftSettings),
        .target(
            name: "Reports", dependencies: ["Storage"], path: "Shared/Reports", swiftSettings: swiftSettings),
        // 证据材料: where attachments' bytes rest (content-addressed) and what a file is, by its content.
        .target(
            name: "Evidence",
            dependencies: ["CaseModel", "Settings", .product(name: "Crypto", package: "swift-crypto")],
            path: "Shared/Evidence", swiftSettings: swiftSettings),
        .target(
            name: "Escalation",
            dependencies: ["CaseModel", "CaseStore", "Contracts", "Reliability", "Storage"],
            path: "Shared/Escalation", swiftSettings: swiftSettings),
        // The steps a case takes on the petitioner's word (sign-off, contest, review application),
        // shared by the services that record them at the window and the status page online.
        .target(
            name: "PetitionerSteps",
            dependencies: ["CaseModel", "CaseStore", "Contracts", "Reliability", "Storage"],
            path: "Shared/PetitionerSteps", swiftSettings: swiftSettings),
        .target(
            name: "HTTPSupport",
            dependencies: [
                "CaseModel", "CaseStore", "Storage", "Settings", "Reliability", "Accounts",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Shared/HTTPSupport",
            // The one document (a link to docs/openapi.yaml), built into the code for the request checks.
            resources: [.embedInCode("openapi.yaml")], swiftSettings: swiftSettings),
        // What every site of pages needs: forms and their CSRF guard, protective headers, the
        // language catalogues, its own static files (the workbench, the status page).
        .target(
            name: "WebPages",
            dependencies: [
                "CaseModel", "HTTPSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Shared/WebPages", swiftSettings: swiftSettings),
        .target(
            name: "Hosting",
            dependencies: [
                "Reliability", "HTTPSupport", "Contracts", "CaseStore", "CaseModel", "Storage", "Messaging",
                "Settings",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Shared/Hosting", swiftSettings: swiftSettings),

        // The services: thin executables, wiring and handlers.
        .executableTarget(
            name: "Intake",
            dependencies: [
                "Hosting", "HTTPSupport", "Reliability", "CaseStore", "Contracts", "CaseModel", "Storage",
                "Evidence", "Settings",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Services/Intake", swiftSettings: swiftSettings,
            plugins: openAPIGenerator),
        .executableTarget(
            name: "Routing",
            dependencies: [
                "Hosting", "HTTPSupport", "Reliability", "CaseStore", "Contracts", "CaseModel", "Escalation",
                "Storage", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
            ],
            path: "Services/Routing", swiftSettings: swiftSettings,
            plugins: openAPIGenerator),
        .executableTarget(
            name: "Department",
            dependencies: [
                "Hosting", "HTTPSupport", "Reliability", "CaseStore", "Contracts", "CaseModel", "Escalation",
                "Storage", "Messaging", "PetitionerSteps",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
            ],
            path: "Services/Department", swiftSettings: swiftSettings,
            plugins: openAPIGenerator),
        .executableTarget(
            name: "Review",
            dependencies: [
                "Hosting", "HTTPSupport", "Reliability", "Contracts", "CaseStore", "CaseModel", "Storage",
                "PetitionerSteps",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
            ],
            path: "Services/Review", swiftSettings: swiftSettings,
            plugins: openAPIGenerator),
        .executableTarget(
            name: "Followup",
            dependencies: [
                "Hosting", "HTTPSupport", "Reliability", "Contracts", "CaseStore", "CaseModel", "Storage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
            ],
            path: "Services/Followup", swiftSettings: swiftSettings,
            plugins: openAPIGenerator),
        .executableTarget(
            name: "ReportsService",
            dependencies: [
                "Hosting", "HTTPSupport", "Reports", "Storage", "CaseModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
            ],
            path: "Services/Reports", swiftSettings: swiftSettings,
            plugins: openAPIGenerator),
        .executableTarget(
            name: "AccountsService",
            dependencies: [
                "Hosting", "HTTPSupport", "Accounts", "CaseStore", "CaseModel", "Storage", "Reliability",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Accounts", swiftSettings: swiftSettings,
            plugins: openAPIGenerator),
        // 工作台: the staff's pages, server-rendered from Mustache templates, calling the services' APIs.
        .executableTarget(
            name: "Workbench",
            dependencies: [
                "Hosting", "HTTPSupport", "CaseModel", "Storage", "Settings", "WebPages",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Services/Workbench", resources: [.copy("Templates"), .copy("Static"), .copy("Messages")],
            swiftSettings: swiftSettings),
        // 通知: SMS to petitioners through a provider adapter.
        .executableTarget(
            name: "Notifier",
            dependencies: [
                "Hosting", "HTTPSupport", "Reliability", "Contracts", "CaseStore", "CaseModel", "Storage",
                "Messaging", "Settings",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Services/Notifier", resources: [.copy("Templates")], swiftSettings: swiftSettings,
            plugins: openAPIGenerator),
        // 查询页: the petitioner's status page and self-service, apart from the staff's side.
        .executableTarget(
            name: "Public",
            dependencies: [
                "Hosting", "HTTPSupport", "Reliability", "Contracts", "CaseStore", "CaseModel", "Storage",
                "Settings", "PetitionerSteps", "WebPages",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
            ],
            path: "Services/Public", resources: [.copy("Templates"), .copy("Static"), .copy("Messages")],
            swiftSettings: swiftSettings, plugins: openAPIGenerator),
        .executableTarget(
            name: "Admin",
            dependencies: [
                "Storage", "Messaging", "Contracts", "ReferenceData", "Reports", "Reliability", "Hosting",
                "HTTPSupport",
                "CaseStore", "CaseModel", "Settings", "Accounts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tools/Admin", swiftSettings: swiftSettings),

        // Unit tests: pure decisions, no servers (named after the module they test).
        .testTarget(
            name: "CaseModelTests", dependencies: ["CaseModel"], swiftSettings: swiftSettings),
        .testTarget(name: "StorageTests", dependencies: ["Storage"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ReliabilityTests", dependencies: ["Reliability", "Messaging", "Contracts"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "RoutingTests", dependencies: ["Routing"], swiftSettings: swiftSettings),
        .testTarget(
            name: "WorkbenchTests", dependencies: ["Workbench", "HTTPSupport", "WebPages"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "NotifierTests", dependencies: ["Notifier", "CaseModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PublicTests", dependencies: ["Public", "CaseStore", "CaseModel", "WebPages"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ReviewTests", dependencies: ["PetitionerSteps", "CaseModel"], swiftSettings: swiftSettings),
        .testTarget(name: "EvidenceTests", dependencies: ["Evidence"], swiftSettings: swiftSettings),
        .testTarget(name: "ReportsTests", dependencies: ["Reports"], swiftSettings: swiftSettings),
        .testTarget(name: "CaseStoreTests", dependencies: ["CaseStore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AccountsTests", dependencies: ["Accounts", "CaseModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HTTPSupportTests",
            dependencies: [
                "HTTPSupport", "CaseModel",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings),

        // Integration tests over the real servers deploy/test starts.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(
            name: "StorageIntegrationTests", dependencies: ["Storage", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CaseStoreIntegrationTests",
            dependencies: ["CaseStore", "CaseModel", "Storage", "Settings", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "MessagingIntegrationTests", dependencies: ["Messaging", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ReliabilityIntegrationTests",
            dependencies: ["Reliability", "Messaging", "Storage", "Contracts", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ReferenceDataIntegrationTests",
            dependencies: ["ReferenceData", "CaseModel", "Storage", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "RoutingIntegrationTests",
            dependencies: ["Routing", "CaseModel", "Storage", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ReportsIntegrationTests", dependencies: ["Reports", "Storage", "TestSupport"],
            swiftSettings: swiftSettings),
    ]
)
