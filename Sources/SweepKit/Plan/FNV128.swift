/// 128-bit FNV-1a: a small, specified, dependency-free hash for content-addressed job ids.
/// Not cryptographic; ids only need to be stable and collision-free across one results folder.
package struct FNV128: Hashable {
    private(set) var high: UInt64 = 0x6C62_272E_07BB_0142
    private(set) var low: UInt64 = 0x62B8_2175_6295_C58D

    package init() {}

    mutating func add<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        for b in bytes {
            low ^= UInt64(b)
            // Multiply by the FNV prime 2^88 + 0x13B, modulo 2^128.
            let (carry, product) = low.multipliedFullWidth(by: 0x13B)
            high = high &* 0x13B &+ carry &+ (low << 24)
            low = product
        }
    }

    package mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add($0) }
    }

    /// FNV output is already well mixed: one word is enough for a hash table, and cheaper
    /// than hashing both.
    package func hash(into hasher: inout Hasher) { hasher.combine(low) }

    /// `prefix-` and the first 16 hex digits (the high half): a job id. Written digit by digit
    /// because a plan may mint a million of them.
    func id(prefix: String) -> String {
        var prefix = prefix
        return prefix.withUTF8 { head in
            String(unsafeUninitializedCapacity: head.count + 17) { buffer in
                for i in head.indices { buffer[i] = head[i] }
                buffer[head.count] = UInt8(ascii: "-")
                var v = high
                for i in stride(from: head.count + 16, to: head.count, by: -1) {
                    let nibble = UInt8(truncatingIfNeeded: v & 0xF)
                    buffer[i] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                    v >>= 4
                }
                return head.count + 17
            }
        }
    }

    /// The first `digits` hex digits of the 128-bit value, high half first.
    package func hex(digits: Int = 32) -> String {
        let full = hex64(high) + hex64(low)
        return String(full.prefix(digits))
    }

    private func hex64(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
