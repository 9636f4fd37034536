import Foundation
import Yams

/// docs/openapi.yaml as the request checks read it: each operation's JSON request body and
/// query parameters, as `Schema`s. The same text the services' handlers are generated from
/// (`openapi.yaml` beside this file is a link to it), so what is checked is what is documented.
public struct OpenAPIDocument: Sendable {
    /// What a request to one operation must carry.
    public struct Operation: Sendable {
        /// The `application/json` body's schema; nil for an operation that takes no body.
        public let body: Schema?
        public let query: [Parameter]
    }

    public struct Parameter: Sendable {
        public let name: String
        public let required: Bool
        public let schema: Schema
    }

    public let operations: [String: Operation]

    /// The document built into this module (`.embedInCode`: no resource files to ship).
    public static let bundled: OpenAPIDocument = {
        do {
            return try OpenAPIDocument(yaml: String(decoding: PackageResources.openapi_yaml, as: UTF8.self))
        } catch {
            fatalError("openapi.yaml cannot be read: \(error)")
        }
    }()

    public init(yaml: String) throws {
        guard let root = try Yams.compose(yaml: yaml)?.mapping else {
            throw DocumentError(reason: "the document is not a mapping")
        }
        let reader = SchemaReader(root: root)
        var operations: [String: Operation] = [:]
        for (_, item) in root["paths"]?.mapping ?? [:] {
            guard let item = item.mapping else { continue }
            let shared = item["parameters"]?.sequence ?? []
            for method in ["get", "put", "post", "delete", "patch"] {
                guard let operation = item[method]?.mapping, let id = operation["operationId"]?.string else {
                    continue
                }
                let parameters = try (shared + (operation["parameters"]?.sequence ?? [])).compactMap {
                    try reader.parameter($0)
                }
                let body = try operation["requestBody"]?.mapping.flatMap {
                    try $0["content"]?.mapping?["application/json"]?.mapping?["schema"].map(reader.schema)
                }
                operations[id] = Operation(body: body, query: parameters)
            }
        }
        self.operations = operations
    }

    public struct DocumentError: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { "openapi.yaml: \(reason)" }
    }

    /// Builds schemas, following `$ref`s into `components` (each component read once).
    final class SchemaReader {
        let root: Node.Mapping
        var components: [String: Schema] = [:]

        init(root: Node.Mapping) { self.root = root }

        func parameter(_ node: Node) throws -> Parameter? {
            guard var mapping = node.mapping else { return nil }
            if let reference = mapping["$ref"]?.string {
                guard let target = try resolve(reference).mapping else { return nil }
                mapping = target
            }
            guard mapping["in"]?.string == "query", let name = mapping["name"]?.string else { return nil }
            let schema = try mapping["schema"].map(self.schema) ?? Schema()
            return Parameter(name: name, required: mapping["required"]?.bool ?? false, schema: schema)
        }

        func schema(_ node: Node) throws -> Schema {
            guard let mapping = node.mapping else { return Schema() }
            if let reference = mapping["$ref"]?.string {
                if let known = components[reference] { return known }
                let schema = try self.schema(resolve(reference))
                components[reference] = schema
                return schema
            }
            var schema = Schema()
            if let types = mapping["type"] {
                let names = types.sequence.map { $0.compactMap(\.string) } ?? [types.string ?? ""]
                schema.types = Set(names.filter { $0 != "null" })
                schema.nullable = names.contains("null")
            }
            if let values = mapping["enum"]?.sequence {
                schema.allowed = values.compactMap { $0.null == nil ? $0.string : nil }
                if values.contains(where: { $0.null != nil }) { schema.nullable = true }
            }
            schema.required = mapping["required"]?.sequence?.compactMap(\.string) ?? []
            for (key, value) in mapping["properties"]?.mapping ?? [:] {
                guard let name = key.string else { continue }
                schema.properties.append((name, try self.schema(value)))
            }
            schema.items = try mapping["items"].map { try Box(self.schema($0)) }
            schema.minLength = mapping["minLength"]?.int
            schema.maxLength = mapping["maxLength"]?.int
            schema.minItems = mapping["minItems"]?.int
            schema.maxItems = mapping["maxItems"]?.int
            schema.minimum = mapping["minimum"]?.float
            schema.maximum = mapping["maximum"]?.float
            return schema
        }

        /// A local reference (`#/components/schemas/Name`).
        func resolve(_ reference: String) throws -> Node {
            guard reference.hasPrefix("#/") else {
                throw DocumentError(reason: "unsupported $ref \(reference)")
            }
            var node = Node.mapping(root)
            for step in reference.dropFirst(2).split(separator: "/") {
                guard let next = node.mapping?[String(step)] else {
                    throw DocumentError(reason: "$ref \(reference) names nothing")
                }
                node = next
            }
            return node
        }
    }
}

/// The part of JSON Schema the document uses for requests: types (with null), closed sets,
/// required and known properties, items, and bounds on lengths, counts and numbers.
/// (`pattern` and `format` are left to the domain's checks, whose words are clearer.)
public struct Schema: Sendable {
    /// JSON types allowed (`string`, `integer`, `number`, `boolean`, `array`, `object`); empty: any.
    public var types: Set<String> = []
    public var nullable = false
    /// The closed set of strings, when there is one.
    public var allowed: [String]?
    public var required: [String] = []
    /// In document order, so problems are named in the order a reader of the document expects.
    public var properties: [(String, Schema)] = []
    public var items: Box<Schema>?
    public var minLength: Int?
    public var maxLength: Int?
    public var minItems: Int?
    public var maxItems: Int?
    public var minimum: Double?
    public var maximum: Double?

    public init() {}
}

/// A value kept out of line, so a schema can hold the schema of its items.
public final class Box<Value: Sendable>: Sendable {
    public let value: Value
    init(_ value: Value) { self.value = value }
}
