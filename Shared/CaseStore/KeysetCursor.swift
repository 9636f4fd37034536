import Foundation
import Storage

/// Where the next page of a worklist or a search starts: the last item's sort time and id,
/// as opaque text. Keyset paging (not offsets) keeps pages stable while new rows arrive.
public struct KeysetCursor: Sendable, Equatable {
    let at: Date
    let id: String

    /// Base64url, so it travels in a query string as it is.
    public var text: String {
        Data("\(Int64((at.timeIntervalSince1970 * 1_000_000).rounded()))|\(id)".utf8)
            .base64URLEncodedString
    }

    public init?(text: String) {
        guard text.count <= 200, let data = Data(base64URLEncoded: text),
            let plain = String(data: data, encoding: .utf8)
        else { return nil }
        let parts = plain.split(separator: "|")
        guard parts.count == 2, let micros = Int64(parts[0]), UUID(uuidString: String(parts[1])) != nil
        else {
            return nil
        }
        at = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
        id = String(parts[1])
    }

    init(at: Date, id: String) {
        self.at = at
        self.id = id
    }

    /// The condition "after this cursor" on `(time, id)` in the list's order (ascending or
    /// descending); true when there is no cursor (the first page).
    static func after(_ cursor: KeysetCursor?, time: StaticString, id: StaticString, descending: Bool = false)
        -> PostgresQuery
    {
        guard let cursor else { return "TRUE" }
        return descending
            ? "(\(unescaped: time), \(unescaped: id)) < (\(cursor.at), \(cursor.id)::uuid)"
            : "(\(unescaped: time), \(unescaped: id)) > (\(cursor.at), \(cursor.id)::uuid)"
    }

    /// One page from `limit + 1` rows: the first `limit`, and the cursor after the last of
    /// them when there were more.
    static func page<Item>(_ rows: [Item], limit: Int, key: (Item) -> (Date, String)) -> (
        items: [Item], next: KeysetCursor?
    ) {
        guard rows.count > limit else { return (rows, nil) }
        let items = Array(rows.prefix(limit))
        let (at, id) = key(items[items.count - 1])
        return (items, KeysetCursor(at: at, id: id))
    }
}
