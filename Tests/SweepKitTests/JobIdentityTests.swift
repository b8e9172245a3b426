import Testing
import Vocabulary

@testable import SweepKit

/// Content-addressed ids and the sharing of runs that compute the same thing.
@Suite(.timeLimit(.minutes(10)))
struct JobIdentityTests {
    private func ids(_ text: String) throws -> Set<String> { Set(try plan(header + text).jobs.map(\.id)) }

    @Test func fnv1a128MatchesTheReferenceVectors() {
        var empty = FNV128()
        empty.add("")
        #expect(empty.hex() == "6c62272e07bb014262b821756295c58d")
        var a = FNV128()
        a.add("a")
        #expect(a.hex() == "d228cb696f1a8caf78912b704e4a8964")
        var foobar = FNV128()
        foobar.add("foobar")
        #expect(foobar.hex() == "343e1662793c64bf6f0d3597ba446f18")
    }

    @Test func writingADefaultEqualsLeavingItOut() throws {
        #expect(try ids("base:\n  lr: 0.0003\n  dyn-probe-every: 20\n  dyn_max_active_layers: 0\n") == ids(""))
        #expect(try ids("base:\n  lr: 3e-4\n") == ids("base:\n  lr: 0.0003\n"))
        #expect(try ids("base:\n  lr: 0.001\n") != ids(""))
    }

    @Test func keyOrderDoesNotChangeIds() throws {
        let a = try ids(
            "base:\n  dmodel: 128\n  n_layers: 8\ngrid:\n  lr: [0.001, 0.002]\n  dyn_probe_every: [10, 30]\n")
        let b = try ids(
            "grid:\n  dyn_probe_every: [10, 30]\n  lr: [0.001, 0.002]\nbase:\n  n_layers: 8\n  dmodel: 128\n")
        #expect(a == b)
    }

    @Test func addingAValueToAnAxisKeepsExistingIds() throws {
        let before = try ids("grid:\n  dyn_probe_every: [10, 30]\n")
        let after = try ids("grid:\n  dyn_probe_every: [10, 30, 40]\n")
        #expect(before.isSubset(of: after))
        #expect(after.count == before.count + 1)
        // Moving a fixed value onto an axis keeps its id too.
        #expect(try ids("base:\n  dyn_probe_every: 10\n").isSubset(of: before))
    }

    @Test func aDynamicGridSharesOneBaselinePerSeed() throws {
        let p = try plan(
            header + """
                grid:
                  dyn_min_active_layers: [2, 4, 6]
                  dyn_probe_every: [10, 20, 40]
                  dyn_relevance_threshold: [0.8, 0.9, 0.95]
                """)
        #expect(p.jobs.filter { $0.schedule == .fullUpdate }.count == 1)
        #expect(p.jobs.filter { $0.schedule == .staticSuffix }.count == 1)
        #expect(p.jobs.filter { $0.schedule == .dynamicSuffix }.count == 27)
        #expect(p.jobs.count == 29)
        // A setting of every schedule splits the baseline too.
        let q = try plan(header + "seeds: [1, 2]\ngrid:\n  lr: [0.001, 0.002]\n  dyn_probe_every: [10, 20, 40]\n")
        #expect(q.jobs.filter { $0.schedule == .fullUpdate }.count == 4)
        #expect(q.jobs.filter { $0.schedule == .staticSuffix }.count == 4)
        #expect(q.jobs.filter { $0.schedule == .dynamicSuffix }.count == 12)
    }

    @Test func paramsHoldExactlyTheNonDefaultSettingsOfThatSchedule() throws {
        let p = try plan(
            header + "base:\n  dmodel: 128\n  static_active_layers: 3\n  dyn_probe_every: 10\n  lr: 0.0003\n")
        let bySchedule = Dictionary(uniqueKeysWithValues: p.jobs.map { ($0.schedule!, $0.params) })
        #expect(bySchedule[.fullUpdate] == ["dmodel": .int(128)])
        #expect(bySchedule[.staticSuffix] == ["dmodel": .int(128), "static_active_layers": .int(3)])
        #expect(bySchedule[.dynamicSuffix] == ["dmodel": .int(128), "dyn_probe_every": .int(10)])
    }

    @Test func equalTimeRunsDependOnTheirBaseline() throws {
        let p = try plan(
            header + "seeds: [1, 2]\nbase:\n  equal_time_budget: true\ngrid:\n  dyn_probe_every: [10, 20]\n")
        let full = p.jobs.filter { $0.schedule == .fullUpdate }
        #expect(full.count == 2)
        for job in p.jobs where job.schedule != .fullUpdate {
            let baseline = try #require(full.first { $0.seed == job.seed })
            #expect(job.dependsOn == [baseline.id])
            #expect(p.jobs.firstIndex { $0.id == baseline.id }! < p.jobs.firstIndex { $0.id == job.id }!)
        }
        #expect(full.allSatisfy { $0.dependsOn.isEmpty })
    }

    @Test func equalTimeBaselineIsPlannedEvenWhenFullUpdateIsNotAsked() throws {
        let e = try Planner.expand(try spec(header + "schedules: [dynamic_suffix]\nbase:\n  equal_time_budget: true\n"))
        #expect(e.plan.jobs.map(\.schedule) == [.fullUpdate, .dynamicSuffix])
        #expect(e.plan.jobs[1].dependsOn == [e.plan.jobs[0].id])
        #expect(e.addedBaselines == 1)
    }

    @Test func withoutEqualTimeNothingDepends() throws {
        let p = try plan(header + "grid:\n  dyn_probe_every: [10, 20]\n")
        #expect(p.jobs.allSatisfy { $0.dependsOn.isEmpty })
    }

    @Test func idsDifferByRunnerScheduleAndSeed() throws {
        let builtin = try plan(header + "schedules: [full_update]\n").jobs[0].id
        let torch = try plan(header + "runner: torch\nschedules: [full_update]\n").jobs[0].id
        let seed = try plan(header + "seeds: [7]\nschedules: [full_update]\n").jobs[0].id
        #expect(Set([builtin, torch, seed]).count == 3)
        #expect(builtin.hasPrefix("full-") && builtin.count == 21)
    }
}
