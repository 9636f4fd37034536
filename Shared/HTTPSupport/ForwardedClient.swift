import CaseModel
import Crypto
import Foundation
import HTTPTypes

/// The person's own address on requests the workbench makes for them. Those requests reach the
/// services through the gateway, which sees the workbench as the client; so the workbench names
/// the browser's address in `X-OneDoor-Client`, with an HMAC under a key derived from
/// ONEDOOR_AUTH_SECRET and bound to the request's credential. The services believe the header
/// only when the HMAC holds, so nobody else can put an address on the record (the audit's
/// `client`, the sign-in log).
public struct ForwardedClient: Sendable {
    public static let headerName = "X-OneDoor-Client"

    /// The address the gateway saw: the last entry of the last `X-Forwarded-For` (the gateway
    /// appends it; earlier entries are the client's own word).
    public static func gatewaySeen(_ headers: HTTPFields) -> String? {
        headers[values: HTTPField.Name("X-Forwarded-For")!].last?.split(separator: ",").last
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }
    private let key: SymmetricKey

    public init(secret: String) {
        key = SymmetricKey(data: SHA256.hash(data: Data("onedoor-forwarded-client:\(secret)".utf8)))
    }

    /// The header's value for `client`, on a request carrying `credential` ("" for none).
    public func header(client: String, credential: String) -> String {
        "\(client);\(mac(client, credential))"
    }

    /// The address the header vouches for, or nil when it is absent, malformed or not signed for
    /// this credential.
    public func client(from header: String?, credential: String) -> String? {
        guard let header, let separator = header.lastIndex(of: ";") else { return nil }
        let client = String(header[..<separator])
        let given = String(header[header.index(after: separator)...])
        guard !client.isEmpty, client.count <= 64, ConstantTime.equal(given, mac(client, credential)) else {
            return nil
        }
        return client
    }

    private func mac(_ client: String, _ credential: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(client)|\(credential)".utf8), using: key)
        return Data(code).map { String(format: "%02x", $0) }.joined()
    }
}
