/// Where the active suffix starts, from per-block relevance scores: the shortest top suffix that
/// covers `threshold` of the total relevance, kept between `minActive` and `maxActive` blocks.
/// Returns the index of the lowest active block.
package func chooseActiveStart(scores: [Double], threshold: Double, minActive: Int, maxActive: Int) -> Int {
    let n = scores.count
    let lo = min(max(minActive, 1), n)
    let hi = max(maxActive <= 0 ? n : min(max(maxActive, 1), n), lo)
    let total = scores.reduce(0, +)
    if !(total > 0) { return n - hi }
    var answer = n - hi
    var running = 0.0
    for i in stride(from: n - 1, through: 0, by: -1) {
        running += scores[i]
        let k = n - i
        if k > hi {
            answer = n - hi
            break
        }
        if running >= threshold * total && k >= lo {
            answer = i
            break
        }
    }
    return max(min(max(answer, n - hi), n - lo), 0)
}
