import Storage

/// Who and what a report covers; nil means all. A case's department is the
/// one it was first dispatched to (fixed then, so a report never moves when
/// the case is escalated later); `category` is a kind or a class.
public struct ReportFilters: Sendable, Equatable, Codable {
    public var town: String?
    public var department: String?
    public var category: String?
    public var channel: String?

    public init(
        town: String? = nil, department: String? = nil, category: String? = nil, channel: String? = nil
    ) {
        self.town = town
        self.department = department
        self.category = category
        self.channel = channel
    }

    /// The filter's SQL over `report_facts f`; its parameters start at `$first`.
    func condition(first: Int) -> String {
        """
        ($\(first)::text IS NULL OR f.town = $\(first)) \
        AND ($\(first + 1)::text IS NULL OR f.department = $\(first + 1)) \
        AND ($\(first + 2)::text IS NULL OR f.category = $\(first + 2) OR f.class = $\(first + 2)) \
        AND ($\(first + 3)::text IS NULL OR f.channel = $\(first + 3))
        """
    }

    var parameters: [String?] { [town, department, category, channel] }

    /// The filters naming nothing the district knows (a report of zeros would mislead): each
    /// parameter's name. The channel is one of `channels`; the rest are reference data.
    public func unknownParameters(channels: [String], on connection: PostgresConnection) throws -> [String] {
        var unknown: [String] = []
        if let channel, !channels.contains(channel) { unknown.append("channel") }
        guard town != nil || department != nil || category != nil else { return unknown }
        let row = try connection.execute(
            """
            SELECT ($1::text IS NULL OR EXISTS (SELECT FROM towns WHERE code = $1)) AS town,
                   ($2::text IS NULL OR EXISTS (SELECT FROM departments WHERE code = $2)) AS department,
                   ($3::text IS NULL OR EXISTS (SELECT FROM categories WHERE code = $3)
                                     OR EXISTS (SELECT FROM category_classes WHERE code = $3)) AS category
            """, [town, department, category]
        ).first!
        for name in ["town", "department", "category"] where !(try row.decode(name, as: Bool.self)) {
            unknown.append(name)
        }
        return unknown.sorted()
    }
}
