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
        let json = try body.map { (try JSONEncoder().encode($0), "application/json") }
        let answer = try await transfer(
            method, path, query: query, body: json, headers: headers, token: token, client: client)
        return answer.api
    }

    /// What a service answered, its bytes as they came (a file downloaded) and the headers that
    /// describe them.
    struct Transfer: Sendable {
        let status: Int
        let data: Data
        let contentType: String?
        let contentDisposition: String?
        let retryAfter: String?

        var api: APIAnswer {
            APIAnswer(
                status: status,
                body: data.isEmpty ? nil : try? JSONDecoder().decode(JSONValue.self, from: data),
                retryAfter: retryAfter)
        }
    }

    /// Calls the API with `body` sent as it is (a form's file, `multipart/form-data`), answering
    /// the bytes as they came back.
    func transfer(
        _ method: String, _ path: String, query: [(String, String)] = [], body: (Data, String)? = nil,
        headers: [(String, String)] = [], token: String?, client: String
    ) async throws -> Transfer {
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
        if let (data, contentType) = body {
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
            request.httpBody = data
        }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw ServiceUnavailable() }
        if http.statusCode >= 500 {
            logger.warning(
                "a service refused the workbench",
                metadata: ["status": "\(http.statusCode)", "path": "\(path)"])
        }
        return Transfer(
            status: http.statusCode, data: data, contentType: http.value(forHTTPHeaderField: "Content-Type"),
            contentDisposition: http.value(forHTTPHeaderField: "Content-Disposition"),
            retryAfter: http.value(forHTTPHeaderField: "Retry-After"))
    }
}

/// The gateway did not answer at all.
struct ServiceUnavailable: Error {}
