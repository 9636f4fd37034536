import ArgumentParser
import Contracts
import Foundation
import Messaging

/// `onedoor-admin grid publish`: one grid event (网格事件) from a JSON file or stdin, published
/// as an integrator would (docs/asyncapi.yaml): to the grid exchange, its eventId as the
/// message id, and waiting for the broker's confirm. For checking a deployment end to end with
/// the integrator's own login, and for re-sending an event by hand.
struct Grid: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Publish grid events as an integrator.", subcommands: [Publish.self])

    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish one grid event (JSON, schemaVersion 1) and wait for the broker's confirm.")

        @OptionGroup var broker: DeadLetters.BrokerOptions
        @Option(help: "The routing key (grid.<anything>).") var routingKey = "grid.events"
        @Argument(help: "The event's JSON file; - or nothing reads stdin.") var file: String = "-"

        func validate() throws {
            guard routingKey.hasPrefix("grid.") else {
                throw ValidationError("--routing-key must start with grid.")
            }
        }

        func run() throws {
            let body =
                file == "-"
                ? FileHandle.standardInput.readDataToEndOfFile()
                : try Data(contentsOf: URL(fileURLWithPath: file))
            guard let event = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
                let eventId = event["eventId"] as? String, !eventId.isEmpty
            else {
                throw ValidationError("the event must be a JSON object with an eventId")
            }
            let version = event["schemaVersion"] as? Int ?? 1
            let publisher = try ConfirmingPublisher(try AMQPConfiguration(url: broker.amqpURL))
            let outcomes = try publisher.publish(
                [
                    OutgoingMessage(
                        exchange: Exchanges.grid, routingKey: routingKey, messageId: eventId,
                        type: "grid-event.v\(version)", body: Array(body))
                ], timeout: 30)
            guard outcomes == [.confirmed] else {
                throw ValidationError("the broker did not confirm the event (\(outcomes))")
            }
            print("published \(eventId)")
        }
    }
}
