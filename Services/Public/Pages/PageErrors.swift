import HTTPSupport
import Hummingbird

/// A page that fails is a page in the petitioner's language, not a problem body: an unknown
/// address says so (404), anything else asks them to try again shortly (503, logged). The API
/// keeps its problem bodies (ProblemMiddleware).
struct PageErrors: RouterMiddleware {
    let site: PublicSite

    func handle(
        _ request: Request, context: StaffRequestContext,
        next: (Request, StaffRequestContext) async throws -> Response
    ) async throws -> Response {
        guard !request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return site.message("app.not_found", site.visit(request, peer: context.peer), status: .notFound)
        } catch {
            context.logger.error(
                "page failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            var response = site.message(
                "app.unavailable", site.visit(request, peer: context.peer), status: .serviceUnavailable)
            response.headers[.retryAfter] = "5"
            return response
        }
    }
}
