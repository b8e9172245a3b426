import Foundation

/// Python's json module writes `NaN`, `Infinity` and `-Infinity`, which JSON forbids. Result
/// files read them as null, which is how blocksweep itself writes a non-finite number.
enum JSONText {
    static func nonFiniteAsNull(_ data: Data) -> Data {
        // Cheap test first: almost every file has neither token (-Infinity contains Infinity).
        guard data.range(of: Data("NaN".utf8)) != nil || data.range(of: Data("Infinity".utf8)) != nil else { return data }
        let bytes = [UInt8](data)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        var inString = false
        let tokens: [[UInt8]] = [Array("-Infinity".utf8), Array("Infinity".utf8), Array("NaN".utf8)]
        let null = Array("null".utf8)
        while i < bytes.count {
            let b = bytes[i]
            if inString {
                out.append(b)
                if b == UInt8(ascii: "\\"), i + 1 < bytes.count { out.append(bytes[i + 1]); i += 2; continue }
                if b == UInt8(ascii: "\"") { inString = false }
                i += 1
                continue
            }
            if b == UInt8(ascii: "\"") { inString = true; out.append(b); i += 1; continue }
            if b == UInt8(ascii: "N") || b == UInt8(ascii: "I") || b == UInt8(ascii: "-"),
               let token = tokens.first(where: { bytes[i...].starts(with: $0) }) {
                out += null
                i += token.count
                continue
            }
            out.append(b)
            i += 1
        }
        return Data(out)
    }
}
