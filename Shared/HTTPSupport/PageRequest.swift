import CaseModel
import CaseStore

/// Which page of a list a request asks for: after the cursor of `after` (a problem naming
/// `after` when the text is not a page of any list) and `limit` items (50 unless given; the
/// document bounds it).
public struct PageRequest: Sendable {
    public let cursor: KeysetCursor?
    public let limit: Int
    /// Empty, or the one problem with `after`, for `RequestProblems.check`.
    public let problems: [FieldProblem]

    public init(after: String?, limit: Int?) {
        let cursor = after.map(KeysetCursor.init(text:))
        self.cursor = cursor ?? nil
        self.limit = limit ?? 50
        problems =
            cursor.map {
                $0 == nil ? [FieldProblem(field: "after", problem: "is not a page of this list")] : []
            }
            ?? []
    }
}
