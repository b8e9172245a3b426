import Vocabulary

/// The round policy a sweep asks for, nil when it runs its plan once. Planning what a policy
/// adds from (adaptive seeds: the sweep with every seed) happens here, not on the command line.
package enum SweepStrategy {
    /// A new policy is one more case here (a sweep-file key chooses it) and its own file.
    package static func policy(for spec: SweepSpec, maxJobs: Int) throws -> (any RoundPolicy)? {
        guard let adaptive = spec.adaptiveSeeds else { return nil }
        var everySeed = spec
        everySeed.seeds = adaptive.allSeeds
        everySeed.adaptiveSeeds = nil
        return AdaptiveSeedPolicy(full: try Planner.plan(everySeed, maxJobs: maxJobs))
    }
}
