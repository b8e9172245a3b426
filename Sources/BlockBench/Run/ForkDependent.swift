import Vocabulary

/// A dynamic_suffix job a full_update baseline records for (prefix forking): its id and settings.
package struct ForkDependent: Sendable, Equatable {
    package var job: String
    package var config: BenchConfig

    package init(job: String, config: BenchConfig) {
        self.job = job
        self.config = config
    }
}
