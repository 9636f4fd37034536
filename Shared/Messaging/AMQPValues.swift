import CRabbitMQ
import Foundation

/// A header value: the broker refuses unsigned 32/64-bit kinds, so only these travel.
public enum HeaderValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case int(Int64)
    case bool(Bool)

    public var description: String {
        switch self {
        case .string(let text): text
        case .int(let number): String(number)
        case .bool(let flag): String(flag)
        }
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}

/// Method ids of the AMQP 0-9-1 frames we read (amqp_framing.h defines them as
/// casted macros, which Swift does not import).
enum AMQPMethod {
    static let connectionClose: UInt32 = 0x000A_0032
    static let channelClose: UInt32 = 0x0014_0028
    static let basicCancel: UInt32 = 0x003C_001E
    static let basicReturn: UInt32 = 0x003C_0032
    static let basicGetOk: UInt32 = 0x003C_0047
    static let basicAck: UInt32 = 0x003C_0050
    static let basicNack: UInt32 = 0x003C_0078
}

/// Property flags of basic.properties (also casted macros in C).
enum AMQPPropertyFlag {
    static let contentType: UInt32 = 1 << 15
    static let headers: UInt32 = 1 << 13
    static let deliveryMode: UInt32 = 1 << 12
    static let messageId: UInt32 = 1 << 7
    static let timestamp: UInt32 = 1 << 6
    static let type: UInt32 = 1 << 5
}

/// Owns the C memory behind the strings and tables of one library call.
final class CArena {
    private var allocations: [UnsafeMutableRawPointer] = []

    deinit { allocations.forEach { free($0) } }

    func bytes(_ text: String) -> amqp_bytes_t {
        let utf8 = Array(text.utf8)
        return bytes(utf8)
    }

    func bytes(_ data: [UInt8]) -> amqp_bytes_t {
        guard !data.isEmpty, let memory = malloc(data.count) else { return amqp_empty_bytes }
        allocations.append(memory)
        data.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress!, byteCount: data.count) }
        return amqp_bytes_t(len: data.count, bytes: memory)
    }

    func table(_ entries: [(String, HeaderValue)]) -> amqp_table_t {
        guard !entries.isEmpty,
            let memory = calloc(entries.count, MemoryLayout<amqp_table_entry_t>.stride)
        else { return amqp_empty_table }
        allocations.append(memory)
        let table = memory.bindMemory(to: amqp_table_entry_t.self, capacity: entries.count)
        for (index, (key, value)) in entries.enumerated() {
            var field = amqp_field_value_t()
            switch value {
            case .string(let text):
                field.kind = UInt8(AMQP_FIELD_KIND_UTF8.rawValue)
                field.value.bytes = bytes(text)
            case .int(let number):
                field.kind = UInt8(AMQP_FIELD_KIND_I64.rawValue)
                field.value.i64 = number
            case .bool(let flag):
                field.kind = UInt8(AMQP_FIELD_KIND_BOOLEAN.rawValue)
                field.value.boolean = flag ? 1 : 0
            }
            table[index] = amqp_table_entry_t(key: bytes(key), value: field)
        }
        return amqp_table_t(num_entries: Int32(entries.count), entries: table)
    }
}

extension amqp_bytes_t {
    var string: String {
        guard len > 0, let bytes else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: len), as: UTF8.self)
    }

    var array: [UInt8] {
        guard len > 0, let bytes else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: len))
    }
}

extension amqp_table_t {
    /// The entries we understand; nested tables and arrays (such as x-death) are skipped.
    var headers: [String: HeaderValue] {
        var result: [String: HeaderValue] = [:]
        guard num_entries > 0, let entries else { return result }
        for index in 0..<Int(num_entries) {
            let entry = entries[index]
            let value = entry.value
            switch Int(value.kind) {
            case Int(AMQP_FIELD_KIND_UTF8.rawValue), Int(AMQP_FIELD_KIND_BYTES.rawValue):
                result[entry.key.string] = .string(value.value.bytes.string)
            case Int(AMQP_FIELD_KIND_I64.rawValue):
                result[entry.key.string] = .int(value.value.i64)
            case Int(AMQP_FIELD_KIND_I32.rawValue):
                result[entry.key.string] = .int(Int64(value.value.i32))
            case Int(AMQP_FIELD_KIND_U32.rawValue):
                result[entry.key.string] = .int(Int64(value.value.u32))
            case Int(AMQP_FIELD_KIND_I16.rawValue):
                result[entry.key.string] = .int(Int64(value.value.i16))
            case Int(AMQP_FIELD_KIND_BOOLEAN.rawValue):
                result[entry.key.string] = .bool(value.value.boolean != 0)
            default:
                continue
            }
        }
        return result
    }
}
