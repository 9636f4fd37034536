import Foundation
import Messaging
import TestSupport
import Testing

/// A service declares only its slice of the topology (least privilege): its own
/// queues and bindings; the exchanges it uses must already exist.
@Suite struct TopologySliceTests {
    let events = TestServers.uniqueName("test.events")
    let orders = TestServers.uniqueName("test.orders")
    let deadLetter = TestServers.uniqueName("test.dead-letter")

    var whole: Topology {
        Topology(
            exchanges: [.init(events, .topic), .init(orders, .direct), .init(deadLetter, .fanout)],
            queues: [.init("\(events).mine"), .init("\(orders).theirs")],
            bindings: [
                .init(queue: "\(events).mine", exchange: events, routingKey: "case.#"),
                .init(queue: "\(orders).theirs", exchange: orders, routingKey: "urban"),
            ])
    }

    @Test func aSliceKeepsItsQueuesAndChecksTheExchangesItUses() {
        let slice = whole.slice(consuming: ["\(events).mine"], publishingTo: [deadLetter])
        #expect(slice.queues.map(\.name) == ["\(events).mine"])
        #expect(slice.bindings.map(\.exchange) == [events])
        #expect(slice.exchanges.isEmpty)
        #expect(slice.expectedExchanges == [events, deadLetter])
    }

    @Test func aSliceNeedsTheWholeDeclaredFirstAndSaysSo() throws {
        let configuration = try AMQPConfiguration(url: TestServers.amqpURL, heartbeat: 10)
        let slice = whole.slice(consuming: ["\(events).mine"], publishingTo: [deadLetter])
        let error = #expect(throws: AMQPError.self) { try AMQPConnection(configuration).declare(slice) }
        #expect(error?.replyCode == 404)
        #expect(error?.replyText.contains("provision the broker first") == true)

        try AMQPConnection(configuration).declare(whole)
        try AMQPConnection(configuration).declare(slice)
    }
}
