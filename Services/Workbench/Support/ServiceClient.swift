import Foundation
import HTTPSupport
import Logging

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// What a service answered: the status, the JSON body (if any) and the headers the pages use.
struct APIAnswer: Sendable {
    let status: Int
    let body: JSONValue?
    let retryAfter: String?

    var succeeded: Bool { (200..<300).contains(status) }
}

/// The services' HTTP API, called through the gateway with the signed-in person's session, so the
/// services stay the only writers and every refusal comes from the same rules as over the API.
struct ServiceClient: Sendable {
    let baseURL: URL
    let logger: Logger
    /// Vouches for the person's own address to the services (their audit and logs).
    let forwardedClient: ForwardedClient
    private let session: URLSession

    init(baseURL: URL, logger: Logger, secret: String) {
        self.baseURL = baseURL
        self.logger = logger
        forwardedClient = ForwardedClient(secret: secret)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 15
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    /// Calls `method path` (`/api/v1/...`, with `query`), as the person whose session `token` is.
    /// `client` is the browser's address, vouched for to the services' logs and the audit.
    func call(
        _ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
        headers: [(String, String)] = [], token: String?, client: String
    ) async throws -> APIAnswer {
        var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false)!
        components.percentEncodedPath = path
        let present = query.filter { !$0.1.isEmpty }
        if !present.isEmpty { components.queryItems = present.map { URLQueryItem(name: $0.0, value: $0.1) } }
        // '+' is a space in a query to the services' parser: encode it.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(
            of: "+", with: "%2B")
        var request = URLRequest(url: components.url!)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue(
            forwardedClient.header(client: client, credential: token ?? ""),
            forHTTPHeaderField: ForwardedClient.headerName)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONEncoder().encode(body)
        }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw ServiceUnavailable() }
        let json = data.isEmpty ? nil : try? JSONDecoder().decode(JSONValue.self, from: data)
        if http.statusCode >= 500 {
            logger.warning(
                "a service refused the workbench",
                metadata: ["status": "\(http.statusCode)", "path": "\(path)"])
        }
        return APIAnswer(
            status: http.statusCode, body: json, retryAfter: http.value(forHTTPHeaderField: "Retry-After"))
    }
}

/// The gateway did not answer at all.
struct ServiceUnavailable: Error {}
