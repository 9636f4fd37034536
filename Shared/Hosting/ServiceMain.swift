import Foundation
import Settings

/// Runs a service's body; whatever stops it (a missing secret, a malformed
/// setting, a server that cannot bind) ends the process with one clear line on
/// stderr and a non-zero exit, instead of a crash report: 78 (EX_CONFIG) for a
/// setting `ServiceConfiguration` or `Access` refuses, 1 for anything else.
public enum ServiceMain {
    public static func run(_ name: String, _ body: @Sendable () async throws -> Void) async {
        do {
            try await body()
        } catch {
            FileHandle.standardError.write(Data("onedoor-\(name): stopped: \(error)\n".utf8))
            exit(error is ConfigurationError ? 78 : 1)
        }
    }
}
