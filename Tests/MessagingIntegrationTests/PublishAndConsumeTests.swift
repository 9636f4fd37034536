import Foundation
import Messaging
import TestSupport
import Testing

@Suite struct PublishAndConsumeTests {
    let configuration: AMQPConfiguration

    init() throws {
        configuration = try AMQPConfiguration(url: TestServers.amqpURL, heartbeat: 10)
    }

    /// A fresh quorum queue, reachable through the default exchange by its name.
    func makeQueue() throws -> String {
        let queue = TestServers.uniqueName("test.queue")
        try AMQPConnection(configuration).declare(Topology(queues: [.init(queue, quorum: true)]))
        return queue
    }

    func message(to queue: String, id: String = UUID().uuidString, body: String = "{}") -> OutgoingMessage {
        OutgoingMessage(exchange: "", routingKey: queue, messageId: id, type: "test", body: Array(body.utf8))
    }

    @Test func aPipelinedBatchIsConfirmedAndStored() throws {
        let queue = try makeQueue()
        let publisher = try ConfirmingPublisher(configuration, window: 100)
        let outcomes = try publisher.publish((0..<2_000).map { _ in message(to: queue) })
        #expect(outcomes.count == 2_000)
        #expect(outcomes.allSatisfy { $0 == .confirmed })
        #expect(try publisher.connection.messageCount(queue: queue) == 2_000)
    }

    @Test func anUnroutableMessageIsReturnedNotLost() throws {
        let publisher = try ConfirmingPublisher(configuration)
        let outcomes = try publisher.publish([
            OutgoingMessage(
                exchange: "amq.direct", routingKey: TestServers.uniqueName("nobody"), messageId: "m1",
                type: "test",
                body: [])
        ])
        #expect(outcomes == [.returned(replyCode: 312, replyText: "NO_ROUTE")])
    }

    @Test func aMissingExchangeIsAnErrorWithTheReplyCode() throws {
        let publisher = try ConfirmingPublisher(configuration)
        let error = #expect(throws: AMQPError.self) {
            try publisher.publish([
                OutgoingMessage(
                    exchange: TestServers.uniqueName("no-such-exchange"), routingKey: "x", messageId: "m1",
                    type: "test", body: [])
            ])
        }
        #expect(error?.replyCode == 404)
        #expect(publisher.connection.isBroken)
    }

    @Test func propertiesAndHeadersTravel() throws {
        let queue = try makeQueue()
        var outgoing = message(to: queue, id: "id-42", body: #"{"a":1}"#)
        outgoing.headers = ["x-text": .string("文字"), "x-number": .int(-7), "x-flag": .bool(true)]
        _ = try ConfirmingPublisher(configuration).publish([outgoing])
        let consumer = try Consumer(configuration, queues: [queue], prefetch: 1)
        let delivery = try #require(try consumer.next(timeout: 5))
        #expect(delivery.messageId == "id-42")
        #expect(delivery.type == "test")
        #expect(delivery.contentType == "application/json")
        #expect(delivery.headers == outgoing.headers)
        #expect(delivery.body == Array(#"{"a":1}"#.utf8))
        #expect(delivery.redelivered == false)
        try consumer.ack(delivery.deliveryTag)
    }

    @Test func anUnackedMessageIsRedeliveredWhenItsConsumerDies() throws {
        let queue = try makeQueue()
        _ = try ConfirmingPublisher(configuration).publish([message(to: queue, id: "only-one")])
        do {
            let first = try Consumer(configuration, queues: [queue], prefetch: 1)
            let delivery = try #require(try first.next(timeout: 5))
            #expect(delivery.messageId == "only-one")
            // No ack: the consumer's connection goes away here.
        }
        let second = try Consumer(configuration, queues: [queue], prefetch: 1)
        let again = try #require(try second.next(timeout: 10))
        #expect(again.messageId == "only-one")
        #expect(again.redelivered)
        try second.ack(again.deliveryTag)
        #expect(try second.next(timeout: 0.5) == nil)
    }

    @Test func aRejectedMessageWithoutRequeueGoesToTheQueuesDeadLetterExchange() throws {
        let queue = TestServers.uniqueName("test.dl-source")
        let parking = TestServers.uniqueName("test.dl-target")
        let exchange = TestServers.uniqueName("test.dlx")
        let connection = try AMQPConnection(configuration)
        try connection.declare(
            Topology(
                exchanges: [.init(exchange, .fanout)],
                queues: [
                    .init(queue, quorum: true, deadLetterExchange: exchange), .init(parking, quorum: true),
                ],
                bindings: [.init(queue: parking, exchange: exchange, routingKey: "")]))
        _ = try ConfirmingPublisher(configuration).publish([message(to: queue, id: "rejected")])
        let consumer = try Consumer(configuration, queues: [queue], prefetch: 1)
        let delivery = try #require(try consumer.next(timeout: 5))
        try consumer.reject(delivery.deliveryTag, requeue: false)
        var parked: Delivery?
        for _ in 0..<50 where parked == nil {
            parked = try connection.get(queue: parking)
            if parked == nil { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(parked?.messageId == "rejected")
    }

    @Test func aBadURLIsRefusedClearly() {
        #expect(throws: AMQPError.self) { try AMQPConfiguration(url: "http://nope") }
        let error = #expect(throws: AMQPError.self) {
            try AMQPConnection(AMQPConfiguration(url: "amqp://u:p@127.0.0.1:1/x", connectTimeout: 2))
        }
        #expect(error?.description.contains("127.0.0.1:1") == true)
    }
}
