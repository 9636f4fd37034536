import Messaging

extension Topology {
    /// Everything OneDoor declares: every service declares all of it (idempotently),
    /// so a work order never finds its department's queue missing.
    public static func oneDoor(departmentCodes: [String]) -> Topology {
        let deadLetter = Exchanges.deadLetter
        func workQueue(_ name: String) -> Queue { Queue(name, quorum: true, deadLetterExchange: deadLetter) }
        var topology = Topology(
            exchanges: [
                Exchange(Exchanges.events, .topic),
                Exchange(Exchanges.departments, .direct),
                Exchange(Exchanges.departmentActions, .topic),
                Exchange(deadLetter, .fanout),
            ],
            queues: [
                Queue(Queues.deadLetters, quorum: true),
                workQueue(Queues.routing),
                workQueue(Queues.review),
                workQueue(Queues.followup),
                workQueue(Queues.departmentActions),
            ],
            bindings: [
                Binding(queue: Queues.deadLetters, exchange: deadLetter, routingKey: ""),
                Binding(
                    queue: Queues.routing, exchange: Exchanges.events, routingKey: MessageTypes.caseRegistered
                ),
                Binding(
                    queue: Queues.routing, exchange: Exchanges.events, routingKey: MessageTypes.caseRedispatch
                ),
                Binding(
                    queue: Queues.review, exchange: Exchanges.events, routingKey: MessageTypes.caseDisputed),
                Binding(
                    queue: Queues.departmentActions, exchange: Exchanges.departmentActions, routingKey: "#"),
                Binding(
                    queue: Queues.followup, exchange: Exchanges.events,
                    routingKey: MessageTypes.caseFollowUpDue),
            ])
        for code in departmentCodes.sorted() {
            topology.queues.append(workQueue(Queues.department(code)))
            topology.bindings.append(
                Binding(queue: Queues.department(code), exchange: Exchanges.departments, routingKey: code))
        }
        return topology
    }
}
