import Testing
import Vocabulary

@testable import SweepKit

/// The literal ids of a fixed sweep. A job's id names its folder under results/<name>/jobs/, and
/// a resumed run finds finished work by id: a change to the hash, the canonical lines or the
/// header orphans every existing results folder. If this test fails, the change must be
/// deliberate: bump the header's version ("blocksweep-job 1"), say so in docs/sweep-file.md
/// ("Jobs, ids and shared runs") and in the changelog, then update the ids here.
@Suite(.timeLimit(.minutes(10)))
struct PinnedJobIdTests {
    @Test func builtinJobsKeepTheirIds() throws {
        let p = try plan(
            header + """
                execution:
                  equal_time_clock: wall
                base:
                  dmodel: 128
                  n_layers: 8
                  lr: 0.0003
                  equal_time_budget: true
                grid:
                  dyn_probe_every: [10, 20]
                  dyn_relevance_metric: [grad_ratio, saliency_abs_gp]
                seeds: [1, 2]
                """)
        // Seeds inside points, last grid axis fastest; one baseline per seed, shared by all.
        let full1 = "full-e51414d5c0f81d71"
        let full2 = "full-308a2aeaaa8121ff"
        let expected: [(id: String, schedule: Schedule, seed: Int, dependsOn: [String])] = [
            (full1, .fullUpdate, 1, []),
            ("static-14d16ccd531363dd", .staticSuffix, 1, [full1]),
            ("dyn-6b11102d292b4f87", .dynamicSuffix, 1, [full1]),
            (full2, .fullUpdate, 2, []),
            ("static-dd16d11b93260271", .staticSuffix, 2, [full2]),
            ("dyn-6b01174ed1c1e2ba", .dynamicSuffix, 2, [full2]),
            ("dyn-fe6ef0afe00f0111", .dynamicSuffix, 1, [full1]),
            ("dyn-3ed4b6e80c1ebce7", .dynamicSuffix, 2, [full2]),
            ("dyn-70e45f7f56a04cff", .dynamicSuffix, 1, [full1]),
            ("dyn-9e96701d520b1f68", .dynamicSuffix, 2, [full2]),
            ("dyn-555fa94cef673bd4", .dynamicSuffix, 1, [full1]),
            ("dyn-938c430083bb214e", .dynamicSuffix, 2, [full2])
        ]
        #expect(p.jobs.map(\.id) == expected.map(\.id))
        #expect(p.jobs.map(\.schedule) == expected.map(\.schedule))
        #expect(p.jobs.map(\.seed) == expected.map(\.seed))
        #expect(p.jobs.map(\.dependsOn) == expected.map(\.dependsOn))
        // lr at its default is left out of the id and of params.
        #expect(p.jobs[0].params == ["dmodel": .int(128), "n_layers": .int(8)])
    }

    /// Under the modelled clock (the sweep default) an equal-time static or dynamic job is
    /// another run (other step counts): its id hashes one more line, so wall-clock results
    /// are never taken for it. full_update runs its steps on either clock and keeps its id.
    @Test func modelledClockJobsHaveTheirOwnPinnedIds() throws {
        let p = try plan(
            header + """
                base:
                  dmodel: 128
                  n_layers: 8
                  lr: 0.0003
                  equal_time_budget: true
                grid:
                  dyn_probe_every: [10, 20]
                  dyn_relevance_metric: [grad_ratio, saliency_abs_gp]
                seeds: [1, 2]
                """)
        #expect(
            p.jobs.map(\.id) == [
                "full-e51414d5c0f81d71", "static-030062c4f308cc9a", "dyn-ec094179a6d1c1cc",
                "full-308a2aeaaa8121ff", "static-539ca14bdde87adc", "dyn-5b01ed0620707203",
                "dyn-c96e05a2474e6deb", "dyn-930f9ab4bc2f1c26", "dyn-2df382a6cab7531f",
                "dyn-613892e07de7f28a", "dyn-5b978391ca5d0012", "dyn-00c0c66eb7703dae"
            ])
        // One calibration for the one model shape, pinned too: its file is found by it on resume.
        #expect(p.calibrations.map(\.id) == [calibrationID])
        #expect(p.jobs.allSatisfy { $0.calibration == calibrationID })
    }

    /// The calibration of dmodel 128, n_layers 8 (other shape settings at their defaults), 1 thread, cpu,
    /// measuring every kind of the shape (version 3 of its canonical text).
    private let calibrationID = "cal-ede188afd4cd00cc"

    @Test func commandJobsKeepTheirIds() throws {
        let p = try plan(
            header + """
                runner:
                  command: [python3, train.py, --width, "{width}", --seed, "{seed}", --out, "{result}"]
                base:
                  optimizer: adam
                grid:
                  width: [128, 256]
                seeds: [7]
                """)
        #expect(p.jobs.map(\.id) == ["job-5fa62864a4c7fc92", "job-5fbab0937fc7fc92"])
        #expect(p.jobs.map { $0.params["width"] } == [.int(128), .int(256)])
    }
}
