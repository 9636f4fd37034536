import Foundation
import HTTPTypes
import OpenAPIRuntime

/// The generated code writes a documented response header (`Location`, `Content-Disposition`,
/// `Content-Security-Policy`, `Set-Cookie`) as a URI component, percent-encoding its `/`, `;` and spaces; a
/// browser would read `%2Fapi%2Fv1…` as the address and ignore the policy. This puts the text back.
struct PlainResponseHeaders: ServerMiddleware {
    static let encodedByTheGenerator: [HTTPField.Name] = [
        .location, .contentDisposition, .contentSecurityPolicy, .setCookie,
        HTTPField.Name("Idempotent-Replayed")!,
    ]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next:
            @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (
                HTTPResponse, HTTPBody?
            )
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var (response, body) = try await next(request, body, metadata)
        for name in Self.encodedByTheGenerator {
            if let value = response.headerFields[name], let text = value.removingPercentEncoding {
                response.headerFields[name] = text
            }
        }
        return (response, body)
    }
}
