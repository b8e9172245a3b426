import Testing

@testable import Vocabulary

/// Step kinds by name, and which kinds each schedule can take (what a sweep calibrates).
@Suite(.timeLimit(.minutes(10))) struct StepKindTests {
    @Test func namesRoundTripAndOthersAreRefused() {
        for kind in StepKind.all(nLayers: 12) { #expect(StepKind(name: kind.description) == kind) }
        for bad in ["active_0", "active_-1", "active_", "active_02", "active_3x", "Probe", "full", ""] {
            #expect(StepKind(name: bad) == nil, "\(bad)")
        }
    }

    /// Floor 2, caps 4 and 6, static 3 of 8: no active_1 or active_7.
    @Test func eachScheduleTakesItsOwnKinds() {
        var c = BenchConfig()
        c.nLayers = 8
        c.staticActiveLayers = 3
        c.dynMinActiveLayers = 2
        c.dynMaxActiveLayers = 6
        c.dynFinalFullFrac = 0.1
        #expect(StepKind.taken(by: .fullUpdate, config: c) == [.active(8)])
        #expect(StepKind.taken(by: .staticSuffix, config: c) == [.active(3), .active(8)])
        #expect(StepKind.taken(by: .dynamicSuffix, config: c) == (2...6).map(StepKind.active) + [.active(8), .probe])
        var four = c
        four.dynMaxActiveLayers = 4
        let union = StepKind.taken(by: [
            (.fullUpdate, c), (.staticSuffix, c), (.dynamicSuffix, c), (.dynamicSuffix, four)
        ])
        #expect(
            union.map(\.description) == [
                "active_2", "active_3", "active_4", "active_5", "active_6", "active_8", "probe"
            ])
    }

    @Test func clampsAndStagedRecoveryFollowTheSchedules() {
        var c = BenchConfig()
        c.nLayers = 8
        c.staticActiveLayers = 20  // clamped to n_layers, as the schedule clamps it
        #expect(StepKind.taken(by: .staticSuffix, config: c) == [.active(8)])
        c.dynMinActiveLayers = 0  // floor clamped to 1
        c.dynMaxActiveLayers = 0  // no cap: up to n_layers
        #expect(StepKind.taken(by: .dynamicSuffix, config: c) == StepKind.all(nLayers: 8))
        c.dynMinActiveLayers = 5
        c.dynMaxActiveLayers = 3  // a cap below the floor is the floor
        #expect(StepKind.taken(by: .dynamicSuffix, config: c) == [.active(5), .active(8), .probe])
        c.dynFinalFullFrac = 0.2
        c.dynFinalRecoveryMode = .staged
        c.dynFinalRecoveryStage1Layers = 6
        c.dynFinalRecoveryStage2Layers = 7
        #expect(StepKind.taken(by: .dynamicSuffix, config: c) == (5...8).map(StepKind.active) + [.probe])
    }
}
