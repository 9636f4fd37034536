import Foundation

/// Test hooks that kill the process at a named point, as `kill -9` would,
/// so tests can prove that a crash there loses and doubles nothing.
/// Set with `ONEDOOR_FAULT=<point>`; unset in production.
public enum FaultInjection {
    public static func crashIfRequested(_ configured: String?, point: String) {
        guard let configured, configured == point else { return }
        FileHandle.standardError.write(Data("fault injection: SIGKILL at \(point)\n".utf8))
        kill(getpid(), SIGKILL)
    }
}
