import CaseModel
import Foundation
import Yams

/// Reads and checks a reference file (format `onedoor-reference/1`, see
/// docs/reference-data.md). Every problem is reported with its line and key;
/// a file with any problem is refused whole.
public enum ReferenceFile {
    public static let format = "onedoor-reference/1"

    public static func load(path: String) throws -> ReferenceData {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ReferenceFileRefused(
                source: path,
                problems: [.init(line: nil, key: "file", message: "cannot be read as UTF-8 text")])
        }
        return try parse(text, source: path)
    }

    public static func parse(_ text: String, source: String) throws(ReferenceFileRefused) -> ReferenceData {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ReferenceFileRefused(source: source, problems: [syntaxProblem(error)])
        } catch {
            throw ReferenceFileRefused(
                source: source, problems: [.init(line: nil, key: "file", message: "is not YAML: \(error)")])
        }
        guard let root else {
            throw ReferenceFileRefused(
                source: source, problems: [.init(line: nil, key: "file", message: "is empty")])
        }
        let reader = NodeReader()
        let data = read(root, reader)
        // References are checked once the file reads cleanly, so each problem's key is the item's own.
        if let data, reader.problems.isEmpty { ReferenceChecks(data: data, reader: reader).run() }
        guard let data, reader.problems.isEmpty else {
            throw ReferenceFileRefused(
                source: source, problems: reader.problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }
        return data
    }

    static func syntaxProblem(_ error: YamlError) -> ReferenceProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return .init(line: mark.line, key: "file", message: "YAML syntax: \(problem)")
        default:
            return .init(line: nil, key: "file", message: "YAML: \(error)")
        }
    }

    static func read(_ root: Node, _ reader: NodeReader) -> ReferenceData? {
        guard
            let top = reader.fields(
                root, at: "", required: ["format", "district", "departments", "categories", "rules"],
                optional: ["experts"])
        else { return nil }
        if let format = top.text("format"), format != Self.format {
            reader.report("format", "'\(format)' is not supported (this version reads \(Self.format))")
        }
        let district = top.values["district"].flatMap {
            reader.fields($0, at: "district", required: ["code", "name", "nameZh", "towns"])
        }
        let towns = district?.items("towns").compactMap { readTown($0.node, $0.key, reader) } ?? []
        let departments = top.items("departments").compactMap { item -> ReferenceData.Department? in
            guard
                let fields = reader.fields(
                    item.node, at: item.key, required: ["code", "name", "nameZh", "tier"],
                    optional: ["town", "handledBy"]),
                let place = fields.place(), let tier = fields.choice("tier", Tier.self)
            else { return nil }
            let handledBy =
                fields.has("handledBy") ? fields.choice("handledBy", ReferenceData.HandledBy.self) : .onedoor
            return .init(
                place: place, tier: tier, town: fields.has("town") ? fields.code("town") : nil,
                handledBy: handledBy ?? .onedoor)
        }
        let categories = top.items("categories").compactMap { item -> ReferenceData.CategoryClass? in
            guard
                let fields = reader.fields(
                    item.node, at: item.key, required: ["code", "name", "nameZh", "kinds"]),
                let place = fields.place()
            else { return nil }
            let kinds = fields.items("kinds").compactMap {
                reader.fields($0.node, at: $0.key, required: ["code", "name", "nameZh"])?.place()
            }
            return .init(place: place, kinds: kinds)
        }
        let experts = top.items("experts").compactMap { readExpert($0.node, $0.key, reader) }
        let rules = top.items("rules").compactMap { readRule($0.node, $0.key, reader) }
        guard let district, let place = district.place() else { return nil }
        return ReferenceData(
            district: place, towns: towns, departments: departments, categories: categories, experts: experts,
            rules: rules)
    }

    static func readTown(_ node: Node, _ key: String, _ reader: NodeReader) -> ReferenceData.Town? {
        guard
            let fields = reader.fields(node, at: key, required: ["code", "name", "nameZh", "communities"]),
            let place = fields.place()
        else { return nil }
        let communities = fields.items("communities").compactMap { item -> ReferenceData.Community? in
            guard
                let community = reader.fields(
                    item.node, at: item.key, required: ["code", "name", "nameZh"], optional: ["grids"]),
                let place = community.place()
            else { return nil }
            let grids = community.items("grids").compactMap { grid -> ReferenceData.Grid? in
                guard let fields = reader.fields(grid.node, at: grid.key, required: ["code", "name"]),
                    let code = fields.code("code"), let name = fields.text("name")
                else { return nil }
                return .init(code: code, name: name)
            }
            return .init(place: place, grids: grids)
        }
        return .init(place: place, communities: communities)
    }

    static func readExpert(_ node: Node, _ key: String, _ reader: NodeReader) -> ReferenceData.Expert? {
        guard
            let fields = reader.fields(
                node, at: key, required: ["code", "name", "role", "pool"], optional: ["department", "active"]),
            let code = fields.code("code"), let name = fields.text("name"), let role = fields.text("role"),
            let pool = fields.code("pool")
        else { return nil }
        return .init(
            code: code, name: name, role: role, town: pool == "city" ? nil : pool,
            department: fields.has("department") ? fields.code("department") : nil,
            active: fields.flag("active") ?? true)
    }

    static func readRule(_ node: Node, _ key: String, _ reader: NodeReader) -> ReferenceData.Rule? {
        guard
            let fields = reader.fields(
                node, at: key, required: ["category", "mode", "ladder"],
                optional: ["place", "dueDays", "coDueDays", "escalateWhenFlagged"]),
            let category = fields.code("category"), let mode = fields.choice("mode", HandlingMode.self)
        else { return nil }
        let place = fields.has("place") ? fields.code("place") : nil
        let ladder = fields.items("ladder").compactMap { step -> RoutingPlan.Step? in
            guard
                let step = reader.fields(
                    step.node, at: step.key, required: ["tier", "lead"], optional: ["co"]),
                let tier = step.choice("tier", Tier.self), let lead = step.code("lead")
            else { return nil }
            return .init(tier: tier, lead: lead, co: step.codes("co"))
        }
        let plan = RoutingPlan(
            source: "rule \(category)@\(place ?? "district")", mode: mode, ladder: ladder,
            dueDays: fields.integer("dueDays", in: 1...365),
            coDueDays: fields.integer("coDueDays", in: 1...365),
            escalateWhenFlagged: fields.flag("escalateWhenFlagged") ?? false)
        return .init(category: category, place: place, plan: plan)
    }
}
