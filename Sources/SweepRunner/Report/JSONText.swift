import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Python's json module writes `NaN`, `Infinity` and `-Infinity`, which JSON forbids. Result
/// files read them as null, which is how blocksweep itself writes a non-finite number.
enum JSONText {
    static func nonFiniteAsNull(_ data: Data) -> Data {
        // Cheap test first: almost every file has neither token (-Infinity contains Infinity).
        guard contains(data, "NaN") || contains(data, "Infinity") else { return data }
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
                if b == UInt8(ascii: "\\"), i + 1 < bytes.count {
                    out.append(bytes[i + 1])
                    i += 2
                    continue
                }
                if b == UInt8(ascii: "\"") { inString = false }
                i += 1
                continue
            }
            if b == UInt8(ascii: "\"") {
                inString = true
                out.append(b)
                i += 1
                continue
            }
            if b == UInt8(ascii: "N") || b == UInt8(ascii: "I") || b == UInt8(ascii: "-"),
                let token = tokens.first(where: { bytes[i...].starts(with: $0) })
            {
                out += null
                i += token.count
                continue
            }
            out.append(b)
            i += 1
        }
        return Data(out)
    }

    /// memchr to each first byte, then a compare: a result file can be megabytes of traces,
    /// and this runs on every file read.
    private static func contains(_ data: Data, _ token: StaticString) -> Bool {
        let needle = UnsafeRawBufferPointer(start: token.utf8Start, count: token.utf8CodeUnitCount)
        return data.withUnsafeBytes { haystack in
            guard let base = haystack.baseAddress, haystack.count >= needle.count else { return false }
            var from = 0
            let last = haystack.count - needle.count
            while from <= last, let hit = memchr(base + from, Int32(needle[0]), last - from + 1) {
                let at = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + at, needle.baseAddress!, needle.count) == 0 { return true }
                from = at + 1
            }
            return false
        }
    }
}
