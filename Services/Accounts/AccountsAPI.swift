import Accounts
import HTTPSupport
import Logging
import Storage

/// The accounts service's operations of docs/openapi.yaml: signing in and out and one's own
/// password (SessionAPI.swift), and an admin's management of accounts and their API keys
/// (StaffAPI.swift).
struct AccountsAPI: APIProtocol {
    let pool: PostgresPool
    let access: Access
    let settings: AccountSettings
    let logger: Logger
}
