import Foundation

/// The test instance's servers, started by deploy/test (which exports these
/// variables); the defaults are that instance's loopback ports.
public enum TestServers {
    public static var postgresURL: String {
        ProcessInfo.processInfo.environment["ONEDOOR_POSTGRES_URL"]
            ?? "postgresql://onedoor:onedoor@127.0.0.1:5452/onedoor"
    }

    public static var amqpURL: String {
        ProcessInfo.processInfo.environment["ONEDOOR_AMQP_URL"]
            ?? "amqp://onedoor:onedoor@127.0.0.1:5692/onedoor"
    }

    /// A name no other test (or earlier run) uses.
    public static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// The repository's root, for files such as deploy/migrations.
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }
}
