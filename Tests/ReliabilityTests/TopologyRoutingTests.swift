import Contracts
import Testing

@testable import Messaging

/// Which queues a message lands in, by OneDoor's own bindings: what a restore relies on to
/// tell the consumers that should have recorded a message.
@Suite struct TopologyRoutingTests {
    let topology = Topology.oneDoor(departmentCodes: ["urban", "labour"])

    @Test func aRegistrationGoesToRoutingAndAStepToTheNotifier() {
        #expect(
            topology.queues(receiving: MessageTypes.caseRegistered, from: Exchanges.events) == [
                Queues.routing
            ])
        #expect(
            topology.queues(receiving: "\(MessageTypes.caseStep).dispatch", from: Exchanges.events)
                == [Queues.notifier])
        #expect(
            topology.queues(receiving: MessageTypes.caseFollowUpDue, from: Exchanges.events)
                == [Queues.followup, Queues.notifier])
    }

    @Test func aWorkOrderGoesToItsDepartmentAlone() {
        #expect(
            topology.queues(receiving: "labour", from: Exchanges.departments) == [Queues.department("labour")]
        )
        #expect(topology.queues(receiving: "nobody", from: Exchanges.departments).isEmpty)
        #expect(topology.queues(receiving: "urban", from: "no-such-exchange").isEmpty)
    }

    @Test func topicPatternsFollowTheBrokersRules() {
        #expect(Topology.topic("grid.#", matches: "grid.kl.street-lights"))
        #expect(Topology.topic("grid.#", matches: "grid"))
        #expect(!Topology.topic("grid.#", matches: "gridx.kl"))
        #expect(Topology.topic("#", matches: "anything.at.all"))
        #expect(Topology.topic("a.*.c", matches: "a.b.c"))
        #expect(!Topology.topic("a.*.c", matches: "a.c"))
        #expect(Topology.topic("a.#.c", matches: "a.c"))
        #expect(Topology.topic("a.#.c", matches: "a.x.y.c"))
        #expect(!Topology.topic("case.step.#", matches: "case.registered"))
    }
}
