import HTTPSupport
import Storage

/// Routing's HTTP operations of docs/openapi.yaml: the triage list and a dispatcher's decision
/// (TriageAPI.swift), and a department's supervision records (SupervisionAPI.swift).
struct RoutingAPI: APIProtocol {
    let pool: PostgresPool
    let writer: WorkOrderWriter
    let access: Access
}
