import CaseModel
import CaseStore
import Contracts
import Foundation
import Messaging
import Runtime
import Storage

/// 分流交办: routes a registered case by the rules (or to triage when none
/// applies), and sends a case out again when review, follow-up or an
/// escalation asks. In one transaction: the case's plan, status and timeline
/// row, the work orders, and their messages in the outbox.
struct Dispatcher: MessageHandler {
    let dispatch: CaseDispatch

    func handle(_ delivery: Delivery, in transaction: PostgresConnection) throws {
        switch delivery.routingKey {
        case CaseRegistered.type:
            let registered = try ContractCoding.decode(CaseRegistered.self, from: delivery.body)
            // The state machine refuses a case that is no longer registered (e.g. withdrawn).
            let caseRef = try CaseRef.lock(caseId: registered.caseId, on: transaction)
            _ = try CaseStateMachine.apply(.dispatch, to: caseRef.status)
            switch try RuleBook.decide(
                try RuleBook.matter(caseId: caseRef.id, on: transaction), on: transaction)
            {
            case .plan(let plan):
                try dispatch.dispatch(caseRef, plan: plan, actor: "routing", note: nil, on: transaction)
            case .triage(let reason):
                try CaseTransitions.apply(
                    .sendToTriage, to: caseRef, actor: "routing", reason: reason, on: transaction)
            }
        case CaseRedispatch.type:
            let redispatch = try ContractCoding.decode(CaseRedispatch.self, from: delivery.body)
            let caseRef = try CaseRef.lock(caseId: redispatch.caseId, on: transaction)
            guard caseRef.status == .dispatched else { return }  // withdrawn meanwhile: nothing to send
            // Cases dispatched before routing plans existed carry only their department.
            guard
                let (plan, step) = try caseRef.routing(on: transaction)
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
            try dispatch.sendWorkOrders(
                caseId: caseRef.id, plan: plan, step: step,
                scope: redispatch.scope ?? .lead,
                on: transaction)
        default:
            throw ContractViolation("routing does not handle '\(delivery.routingKey)'")
        }
    }
}
