import Foundation
import HTTPTypes
import OpenAPIRuntime

/// How every service serves the handlers swift-openapi-generator makes from docs/openapi.yaml:
/// the same JSON form as before (sorted keys, ISO 8601 dates), every request checked first.
public enum GeneratedAPI {
    public static let configuration = Configuration(
        dateTranscoder: .iso8601, jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes])

    public static var middlewares: [any ServerMiddleware] { [PlainResponseHeaders(), RequestCheck()] }

    /// Paths in the document are absolute (`/api/v1/...`).
    public static let serverURL = URL(string: "/")!

    /// A value of the domain's as the generated type of the same JSON shape. Going through JSON
    /// also checks that the answer is what the document promises: a mismatch is a 500 and a log
    /// line, never an undocumented body.
    public static func convert<T: Decodable>(_ value: some Encodable, to type: T.Type = T.self) throws -> T {
        do {
            return try transcode(value)
        } catch let error as DecodingError {
            // What the service holds does not fit its own document: the server's fault (500, logged),
            // never the client's (422).
            throw ResponseOutsideDocument(type: "\(T.self)", reason: "\(error)")
        }
    }

    /// A value that does not fit the generated type it must be answered as.
    public struct ResponseOutsideDocument: Error, CustomStringConvertible {
        public let type: String
        public let reason: String
        public var description: String { "the answer does not fit the document's \(type): \(reason)" }
    }

    static func transcode<T: Decodable>(_ value: some Encodable) throws -> T {
        try decoder.decode(T.self, from: try encoder.encode(value))
    }

    /// The domain's value of a generated request body: an enum with a case per content type,
    /// whose one case here is JSON (`.json(payload)`); the payload converts as above.
    public static func body<T: Decodable>(_ body: some Sendable, as type: T.Type = T.self) throws -> T {
        guard let payload = Mirror(reflecting: body).children.first?.value as? any Encodable else {
            throw Problem(status: .unsupportedMediaType, detail: "send application/json")
        }
        return try transcode(payload)
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
