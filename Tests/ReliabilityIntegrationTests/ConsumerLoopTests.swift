import Contracts
import Foundation
import Messaging
import Storage
import TestSupport
import Testing

@testable import Reliability

/// Records each message's effect in a table, or refuses bodies that say "bad".
struct RecordingHandler: MessageHandler {
    func handle(_ delivery: Delivery, in transaction: PostgresConnection) throws {
        let body = String(decoding: delivery.body, as: UTF8.self)
        if body.contains("bad") { throw ContractViolation("the body says bad (\(body))") }
        try transaction.execute(
            "INSERT INTO backbone_effects (message_id, body) VALUES ($1, $2)", [delivery.messageId, body])
    }
}

@Suite(.serialized) struct ConsumerLoopTests {
    let queue = TestServers.uniqueName("test.backbone")
    let amqp: AMQPConfiguration
    let database: PostgresConnection
    let loop: ConsumerLoop

    init() throws {
        amqp = try AMQPConfiguration(url: TestServers.amqpURL, heartbeat: 10)
        database = try PostgresConnection(conninfo: TestServers.postgresURL)
        try database.execute("CREATE TABLE IF NOT EXISTS backbone_effects (message_id text, body text)")
        var topology = Topology.oneDoor(departmentCodes: [])
        topology.queues.append(.init(queue, quorum: true, deadLetterExchange: Exchanges.deadLetter))
        let configuration = BackboneConfiguration(
            amqpURL: TestServers.amqpURL, heartbeat: 10, postgresURL: TestServers.postgresURL, prefetch: 64)
        loop = ConsumerLoop(
            name: queue, queues: [queue], handler: RecordingHandler(), configuration: configuration,
            topology: topology, health: Health(), logger: .init(label: "test"))
        try AMQPConnection(amqp).declare(topology)
    }

    /// Runs the loop on its own thread while `body` runs, then stops it.
    func whileConsuming(_ body: () throws -> Void) rethrows {
        let stop = StopFlag()
        let finished = DispatchSemaphore(value: 0)
        let loop = self.loop
        Thread {
            loop.run(until: stop)
            finished.signal()
        }.start()
        defer {
            stop.raise()
            finished.wait()
        }
        try body()
    }

    func publish(id: String?, body: String) throws {
        let message = OutgoingMessage(
            exchange: "", routingKey: queue, messageId: id ?? "", type: "test", body: Array(body.utf8))
        #expect(try ConfirmingPublisher(amqp).publish([message]) == [.confirmed])
    }

    func effects(_ id: String) throws -> Int {
        try database.execute("SELECT count(*) AS n FROM backbone_effects WHERE message_id = $1", [id]).first!
            .decode("n")
    }

    func waitUntil(_ condition: () throws -> Bool) rethrows {
        for _ in 0..<100 {
            if try condition() { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// The dead letter with this message id, if one is parked (others are left in place).
    func deadLetter(_ id: String) throws -> Delivery? {
        let connection = try AMQPConnection(amqp)
        var found: Delivery?
        for _ in 0..<50 where found == nil {
            while let letter = try connection.get(queue: Queues.deadLetters, acknowledge: false) {
                if letter.messageId == id {
                    found = letter
                    break
                }
            }
            if found == nil { Thread.sleep(forTimeInterval: 0.1) }
        }
        return found  // closing the connection returns the unacked letters to the queue
    }

    @Test func theSameMessageDeliveredTwiceChangesTheDatabaseOnce() throws {
        let id = TestServers.uniqueName("twice")
        let marker = TestServers.uniqueName("after")
        try publish(id: id, body: "first")
        try publish(id: id, body: "first again")
        try publish(id: marker, body: "marker")
        try whileConsuming {
            try waitUntil { try effects(marker) == 1 }
        }
        #expect(try effects(id) == 1)
        #expect(try effects(marker) == 1)
        #expect(try amqp.queueIsEmpty(queue))
    }

    @Test func aContractViolationIsDeadLetteredWithItsReasonAndTheQueueFlows() throws {
        let bad = TestServers.uniqueName("bad")
        let good = TestServers.uniqueName("good")
        try publish(id: bad, body: "bad input")
        try publish(id: good, body: "fine")
        try whileConsuming {
            try waitUntil { try effects(good) == 1 }
        }
        #expect(try effects(good) == 1)
        #expect(try effects(bad) == 0)
        let letter = try #require(try deadLetter(bad))
        #expect(letter.headers[DeadLetterHeaders.reason] == .string("the body says bad (bad input)"))
        #expect(letter.headers[DeadLetterHeaders.originalRoutingKey] == .string(queue))
        #expect(letter.headers[DeadLetterHeaders.queue] == .string(queue))
        #expect(letter.headers[DeadLetterHeaders.deadLetteredAt]?.stringValue?.hasPrefix("20") == true)
        #expect(letter.body == Array("bad input".utf8))
    }

    /// Published before the loop starts, the three arrive as one batch: its optimistic pass
    /// is rolled back for the bad one and run again, each message isolated.
    @Test func aRefusalInsideABatchUndoesNoOtherMessageAndDoublesNone() throws {
        let before = TestServers.uniqueName("before")
        let bad = TestServers.uniqueName("bad-in-batch")
        let after = TestServers.uniqueName("after")
        try publish(id: before, body: "fine")
        try publish(id: bad, body: "bad in the middle")
        try publish(id: after, body: "fine too")
        try whileConsuming {
            try waitUntil { try effects(after) == 1 && amqp.queueIsEmpty(queue) }
        }
        #expect(try effects(before) == 1)
        #expect(try effects(after) == 1)
        #expect(try effects(bad) == 0)
        #expect(try deadLetter(bad) != nil)
        #expect(try amqp.queueIsEmpty(queue))
    }

    @Test func aMessageWithoutIdIsDeadLettered() throws {
        let marker = TestServers.uniqueName("after-anonymous")
        let body = TestServers.uniqueName("anonymous")
        try publish(id: nil, body: body)
        try publish(id: marker, body: "marker")
        try whileConsuming {
            try waitUntil { try effects(marker) == 1 }
        }
        #expect(try effects(marker) == 1)
        #expect(
            try database.execute("SELECT count(*) AS n FROM backbone_effects WHERE body = $1", [body]).first!
                .decode("n", as: Int.self) == 0)
        #expect(try amqp.queueIsEmpty(queue))
    }
}

extension AMQPConfiguration {
    func queueIsEmpty(_ queue: String) throws -> Bool {
        try AMQPConnection(self).messageCount(queue: queue) == 0
    }
}
