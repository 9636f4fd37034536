import Messaging

extension Topology {
    /// Everything OneDoor declares: every service declares all of it (idempotently),
    /// so a work order never finds its department's queue missing.
    public static func oneDoor(departmentCodes: [String]) -> Topology {
        let deadLetter = Exchanges.deadLetter
        func workQueue(_ name: String) -> Queue { Queue(name, quorum: true, deadLetterExchange: deadLetter) }
        func binding(_ queue: String, _ exchange: String, _ key: String) -> Binding {
            Binding(queue: queue, exchange: exchange, routingKey: key)
        }
        var topology = Topology(
            exchanges: [
                Exchange(Exchanges.events, .topic),
                Exchange(Exchanges.departments, .direct),
                Exchange(Exchanges.departmentActions, .topic),
                Exchange(Exchanges.grid, .topic),
                Exchange(deadLetter, .fanout),
            ],
            queues: [
                Queue(Queues.deadLetters, quorum: true),
                workQueue(Queues.routing),
                workQueue(Queues.review),
                workQueue(Queues.followup),
                workQueue(Queues.departmentActions),
                workQueue(Queues.gridEvents),
                workQueue(Queues.notifier),
            ],
            bindings: [
                binding(Queues.deadLetters, deadLetter, ""),
                binding(Queues.routing, Exchanges.events, MessageTypes.caseRegistered),
                binding(Queues.routing, Exchanges.events, MessageTypes.caseRedispatch),
                binding(Queues.review, Exchanges.events, MessageTypes.caseDisputed),
                binding(Queues.followup, Exchanges.events, MessageTypes.caseFollowUpDue),
                binding(Queues.departmentActions, Exchanges.departmentActions, "#"),
                binding(Queues.gridEvents, Exchanges.grid, "grid.#"),
                binding(Queues.notifier, Exchanges.events, "\(MessageTypes.caseStep).#"),
                binding(Queues.notifier, Exchanges.events, MessageTypes.caseFollowUpDue),
                binding(Queues.notifier, Exchanges.events, MessageTypes.petitionerCodeRequested),
            ])
        for code in departmentCodes.sorted() {
            topology.queues.append(workQueue(Queues.department(code)))
            topology.bindings.append(
                Binding(queue: Queues.department(code), exchange: Exchanges.departments, routingKey: code))
        }
        return topology
    }
}
