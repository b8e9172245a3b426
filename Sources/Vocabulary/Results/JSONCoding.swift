import Foundation

/// A coding key made from any string: the reference's objects are read key by key.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

extension KeyedEncodingContainer {
    /// Writes null for nil and for non-finite numbers, as the reference does (JSON has no NaN).
    package mutating func encodeFinite(_ value: Double?, forKey key: Key) throws {
        if let value, value.isFinite { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    /// A list of numbers, null standing for nil and non-finite ones.
    package mutating func encodeFinite(_ values: [Double?], forKey key: Key) throws {
        var list = nestedUnkeyedContainer(forKey: key)
        for value in values {
            if let value, value.isFinite { try list.encode(value) } else { try list.encodeNil() }
        }
    }
}
