/// `forked_from` of a result row: the baseline job whose run this one took its first `step`
/// steps from (docs/benchmark.md, "Prefix forking").
package struct ForkOrigin: Sendable, Equatable, Codable {
    package var job: String
    package var step: Int

    package init(job: String, step: Int) {
        self.job = job
        self.step = step
    }
}
