import CaseModel
import CaseStore
import Contracts
import Foundation
import Messaging
import Reliability
import Storage

/// 分流交办: consumes `routing.cases` — routes a registered case by the rules (or to triage when
/// none applies), and sends a case out again when review, follow-up or an escalation asks. In one
/// transaction: the case's plan, status and timeline row, the work orders, and their messages in
/// the outbox. The case is read once, under its lock.
struct RoutingConsumer: MessageHandler {
    let writer: WorkOrderWriter

    func handle(_ delivery: Delivery, in transaction: PostgresConnection) throws {
        switch delivery.routingKey {
        case CaseRegistered.type:
            let registered = try ContractCoding.decode(CaseRegistered.self, from: delivery.body)
            // The state machine refuses a case that is no longer registered (e.g. withdrawn).
            let dispatched = try DispatchCase.lock(caseId: registered.caseId, on: transaction)
            _ = try CaseStateMachine.apply(.dispatch, to: dispatched.ref.status)
            switch try RuleBook.decide(RuleBook.Matter(dispatched), on: transaction) {
            case .plan(let plan):
                try writer.dispatch(dispatched, plan: plan, actor: "routing", note: nil, on: transaction)
            case .triage(let reason):
                try CaseTransitions.apply(
                    .sendToTriage, to: dispatched.ref, actor: "routing", reason: reason, on: transaction)
            }
        case CaseRedispatch.type:
            let redispatch = try ContractCoding.decode(CaseRedispatch.self, from: delivery.body)
            let dispatched = try DispatchCase.lock(caseId: redispatch.caseId, on: transaction)
            let caseRef = dispatched.ref
            guard caseRef.status == .dispatched else { return }  // withdrawn meanwhile: nothing to send
            // Cases dispatched before routing plans existed carry only their department.
            guard
                let (plan, step) = dispatched.routing
                    ?? caseRef.departmentCode.map({
                        (
                            RoutingPlan(
                                source: "department", mode: .assisted,
                                ladder: [.init(tier: .district, lead: $0)]),
                            0
                        )
                    })
            else {
                throw ContractViolation("case \(caseRef.number) has no department to send back to")
            }
            try writer.sendWorkOrders(
                dispatched, plan: plan, step: step, scope: redispatch.scope ?? .lead, on: transaction)
        default:
            throw ContractViolation("routing does not handle '\(delivery.routingKey)'")
        }
    }
}
