import ArgumentParser
import CaseStore
import Contracts
import Foundation
import Messaging
import Reliability

/// Operator commands for `onedoor.dead-letters`: list, show, replay (after a
/// fix), purge. Messages are read without acking, so whatever a command does not
/// consume goes back to the queue when it disconnects; a replayed message is
/// acked only after the broker confirmed its republication: nothing is lost in between.
struct DeadLetters: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead-letters", abstract: "List, show, replay or purge dead letters.",
        subcommands: [List.self, Show.self, Replay.self, Purge.self])

    struct BrokerOptions: ParsableArguments {
        @Option(help: "AMQP URL (default: $ONEDOOR_AMQP_URL, else the local run's broker).")
        var amqpURL: String =
            ProcessInfo.processInfo.environment["ONEDOOR_AMQP_URL"]
            ?? "amqp://onedoor:onedoor@127.0.0.1:5682/onedoor"
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One line per dead letter: id, reason, origin.")
        @OptionGroup var broker: BrokerOptions
        @Option(help: "Show at most this many.") var limit = 100

        func run() throws {
            let connection = try AMQPConnection(AMQPConfiguration(url: broker.amqpURL))
            let letters = try DeadLetterScan.all(on: connection, limit: limit)
            print("\(letters.count) dead letter(s)\(letters.count == limit ? " (limit reached)" : "")")
            for letter in letters {
                let header = letter.headers
                print(
                    [
                        letter.messageId ?? "-",
                        header[DeadLetterHeaders.deadLetteredAt]?.description ?? "-",
                        "\(header[DeadLetterHeaders.originalExchange]?.description ?? "?")"
                            + " \(header[DeadLetterHeaders.originalRoutingKey]?.description ?? "?")",
                        header[DeadLetterHeaders.reason]?.description
                            ?? "(no reason: dead-lettered by the broker)",
                    ].joined(separator: "  "))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Headers and body of one dead letter.")
        @OptionGroup var broker: BrokerOptions
        @Argument(help: "The message id.") var messageId: String
        @Flag(
            help:
                "Open a sealed body (personal data; needs $ONEDOOR_IDENTITY_KEY; the reveal goes to stderr's log)."
        )
        var open = false

        func run() throws {
            let connection = try AMQPConnection(AMQPConfiguration(url: broker.amqpURL))
            guard
                let letter = try DeadLetterScan.all(on: connection).first(where: { $0.messageId == messageId }
                )
            else {
                throw ValidationError("no dead letter with message id \(messageId)")
            }
            // Every value on one line, escaped: a header cannot forge lines of this output.
            let line = { (text: String) in DeadLetter.reason(text) }
            print("message id:   \(line(messageId))")
            print("type:         \(line(letter.type ?? "-"))")
            print("content type: \(line(letter.contentType ?? "-"))")
            for (key, value) in letter.headers.sorted(by: { $0.key < $1.key }) {
                print("\(line(key)): \(line(value.description))")
            }
            print("")
            if letter.contentType == PersonalDataSeal.sealedContentType, !open {
                print("(body sealed: it carries personal data; --open shows it)")
            } else {
                let body = try DeadLetterScan.body(of: letter)
                if open {
                    FileHandle.standardError.write(
                        Data(
                            "onedoor-admin: revealed the sealed body of dead letter \(line(messageId))\n".utf8
                        ))
                }
                print(
                    String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\r", with: "\\r")
                        .replacingOccurrences(of: "\n", with: "\\n"))
            }
        }
    }

    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish dead letters again to where they came from (after fixing what refused them).")
        @OptionGroup var broker: BrokerOptions
        @Argument(help: "The message ids to replay.") var messageIds: [String] = []
        @Flag(help: "Replay every dead letter.") var all = false

        func validate() throws {
            if all == !messageIds.isEmpty { throw ValidationError("name message ids, or pass --all") }
        }

        func run() throws {
            let configuration = try AMQPConfiguration(url: broker.amqpURL)
            let connection = try AMQPConnection(configuration)
            let publisher = try ConfirmingPublisher(configuration)
            let letters = try DeadLetterScan.all(on: connection).filter {
                all || messageIds.contains($0.messageId ?? "")
            }
            let missing = Set(messageIds).subtracting(letters.compactMap(\.messageId))
            var replayed = 0
            for letter in letters {
                guard let message = try DeadLetterScan.original(of: letter) else {
                    print("skipped \(letter.messageId ?? "-"): no origin headers to replay to")
                    continue
                }
                let outcome = try publisher.publish([message])
                guard outcome == [.confirmed] else {
                    print("kept \(letter.messageId ?? "-"): the broker said \(outcome[0])")
                    continue
                }
                try connection.ack(letter.deliveryTag)
                replayed += 1
                print("replayed \(letter.messageId ?? "-") → \(message.exchange) \(message.routingKey)")
            }
            print("\(replayed) replayed")
            if !missing.isEmpty {
                throw ValidationError("no dead letter with id \(missing.sorted().joined(separator: ", "))")
            }
        }
    }

    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete every dead letter (they are gone for good).")
        @OptionGroup var broker: BrokerOptions
        @Flag(help: "Confirm that the dead letters may be deleted.") var yes = false

        func run() throws {
            guard yes else { throw ValidationError("purging deletes the dead letters for good: pass --yes") }
            let connection = try AMQPConnection(AMQPConfiguration(url: broker.amqpURL))
            print("purged \(try connection.purge(queue: Queues.deadLetters)) dead letter(s)")
        }
    }
}

/// Reads the dead-letter queue without acking (the connection holds them until it closes).
enum DeadLetterScan {
    static func all(on connection: AMQPConnection, limit: Int = .max) throws -> [Delivery] {
        var letters: [Delivery] = []
        while letters.count < limit,
            let letter = try connection.get(queue: Queues.deadLetters, acknowledge: false)
        {
            letters.append(letter)
        }
        return letters
    }

    /// The body as it came, a sealed one opened with ONEDOOR_IDENTITY_KEY.
    static func body(of letter: Delivery) throws -> [UInt8] {
        guard letter.contentType == PersonalDataSeal.sealedContentType else { return letter.body }
        let key = try IdentityKey(configured: ProcessInfo.processInfo.environment["ONEDOOR_IDENTITY_KEY"])
        return Array(try key.open(String(decoding: letter.body, as: UTF8.self)).utf8)
    }

    /// The message as it was first published: origin restored, dead-letter headers removed,
    /// a sealed body opened.
    static func original(of letter: Delivery) throws -> OutgoingMessage? {
        guard let exchange = letter.headers[DeadLetterHeaders.originalExchange]?.stringValue,
            let routingKey = letter.headers[DeadLetterHeaders.originalRoutingKey]?.stringValue,
            let messageId = letter.messageId
        else { return nil }
        let ours: Set<String> = [
            DeadLetterHeaders.reason, DeadLetterHeaders.originalExchange,
            DeadLetterHeaders.originalRoutingKey,
            DeadLetterHeaders.queue, DeadLetterHeaders.consumer, DeadLetterHeaders.deadLetteredAt,
            DeadLetterHeaders.headersDropped, DeadLetterHeaders.sealedContentType,
        ]
        let contentType =
            letter.contentType == PersonalDataSeal.sealedContentType
            ? letter.headers[DeadLetterHeaders.sealedContentType]?.stringValue : letter.contentType
        return OutgoingMessage(
            exchange: exchange, routingKey: routingKey, messageId: messageId, type: letter.type ?? "unknown",
            body: try body(of: letter), headers: letter.headers.filter { !ours.contains($0.key) },
            contentType: contentType ?? "application/octet-stream",
            timestamp: letter.timestamp ?? Date())
    }
}
