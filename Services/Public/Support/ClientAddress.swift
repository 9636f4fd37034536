import HTTPSupport
import Hummingbird

/// The client's address for the API's rate limits (the generated handlers see no request), and
/// the API's methods.
enum ClientAddress {
    @TaskLocal static var current = "?"
}

struct ClientAddressMiddleware: RouterMiddleware {
    let trustForwarded: Bool

    func handle(
        _ request: Request, context: StaffRequestContext,
        next: (Request, StaffRequestContext) async throws -> Response
    ) async throws -> Response {
        // The API's one path takes POST only: any other method is 405 with Allow, as the gateway
        // answers for the staff's API (here there is no gateway in front).
        if request.uri.path == "/api/v1/status", request.method != .post {
            var response = Problem(
                status: .methodNotAllowed, detail: "this path does not take this method; see the Allow header"
            ).response
            response.headers[.allow] = "POST"
            return response
        }
        let address = (trustForwarded ? ForwardedClient.gatewaySeen(request.headers) : nil) ?? context.peer
        return try await ClientAddress.$current.withValue(address) { try await next(request, context) }
    }
}
