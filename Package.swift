// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

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

        // The shared kernel.
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
            name: "Contracts", dependencies: ["CaseModel", "Messaging"],
            path: "Shared/Contracts", swiftSettings: swiftSettings),
        .target(
            name: "CaseStore",
            dependencies: ["CaseModel", "Storage", .product(name: "Crypto", package: "swift-crypto")],
            path: "Shared/CaseStore", swiftSettings: swiftSettings),
        .target(
            name: "ReferenceData",
            dependencies: ["CaseModel", "Storage", .product(name: "Yams", package: "Yams")],
            path: "Shared/ReferenceData", swiftSettings: swiftSettings),
        .target(
            name: "Runtime",
            dependencies: [
                "Storage", "Messaging", "CaseModel", "Contracts", "CaseStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            path: "Shared/Runtime", swiftSettings: swiftSettings),
        .target(
            name: "Reports", dependencies: ["Storage"], path: "Shared/Reports", swiftSettings: swiftSettings),
        .target(
            name: "Escalation", dependencies: ["CaseModel", "CaseStore", "Contracts", "Runtime", "Storage"],
            path: "Shared/Escalation", swiftSettings: swiftSettings),

        // The services: thin executables, wiring and handlers.
        .executableTarget(
            name: "Intake",
            dependencies: [
                "Runtime", "CaseStore", "Contracts", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Services/Intake", swiftSettings: swiftSettings),
        .executableTarget(
            name: "Routing", dependencies: ["Runtime", "CaseStore", "Contracts", "CaseModel", "Escalation"],
            path: "Services/Routing", swiftSettings: swiftSettings),
        .executableTarget(
            name: "Department",
            dependencies: ["Runtime", "CaseStore", "Contracts", "CaseModel", "Escalation"],
            path: "Services/Department", swiftSettings: swiftSettings),
        .executableTarget(
            name: "Review", dependencies: ["Runtime", "Contracts", "CaseStore", "CaseModel"],
            path: "Services/Review", swiftSettings: swiftSettings),
        .executableTarget(
            name: "Followup", dependencies: ["Runtime", "Contracts", "CaseStore", "CaseModel"],
            path: "Services/Followup", swiftSettings: swiftSettings),
        .executableTarget(
            name: "ReportsService",
            dependencies: [
                "Runtime", "Reports", "Storage", "CaseModel",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Services/Reports", swiftSettings: swiftSettings),
        .executableTarget(
            name: "Admin",
            dependencies: [
                "Storage", "Messaging", "Contracts", "ReferenceData", "Reports", "Runtime", "CaseStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tools/Admin", swiftSettings: swiftSettings),

        // Tests over real servers (started by deploy/test).
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(
            name: "CaseModelTests", dependencies: ["CaseModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "StorageTests", dependencies: ["Storage", "CaseStore", "CaseModel", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "MessagingTests", dependencies: ["Messaging", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ReferenceDataTests",
            dependencies: ["ReferenceData", "CaseModel", "Storage", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "RoutingTests", dependencies: ["Routing", "CaseModel", "Storage", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ReportsTests", dependencies: ["Reports", "Storage", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ReviewTests", dependencies: ["Review", "CaseModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "BackboneTests",
            dependencies: ["Runtime", "Messaging", "Storage", "Contracts", "TestSupport"],
            swiftSettings: swiftSettings),
    ]
)
