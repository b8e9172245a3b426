/// "did you mean …?" for a misspelt key or parameter: the closest known name by edit distance,
/// when it is close enough to be a plausible typo.
package enum NameSuggester {
    package static func suggestion(for name: String, among candidates: some Collection<String>) -> String? {
        let target = Array(name.lowercased().replacingOccurrences(of: "-", with: "_"))
        var best: (name: String, distance: Int)? = nil
        for candidate in candidates {
            let d = distance(target, Array(candidate.lowercased()))
            if d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        guard let best else { return nil }
        // A third of the name (at least 2 edits) still reads as a typo; more is a different word.
        let allowed = max(2, target.count / 3)
        // A name missing a word (dyn_max_layers for dyn_max_active_layers) is a typo too.
        let words = Set(String(target).split(separator: "_"))
        if best.distance > allowed, words.count > 1,
            let whole = candidates.filter({ words.isSubset(of: Set($0.split(separator: "_"))) }).min(by: {
                $0.count < $1.count
            })
        {
            return whole
        }
        return best.distance <= allowed ? best.name : nil
    }

    /// "; did you mean 'grid'?" or "".
    package static func hint(for name: String, among candidates: some Collection<String>) -> String {
        suggestion(for: name, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Levenshtein distance, counting a swap of neighbours as one edit.
    package static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    cur[j] = min(cur[j], prev2[j - 2] + 1)
                }
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[b.count]
    }
}
