/// One entry of a dynamic run's `dynamic_trace`: a probe, the freeze gate opening, or a change
/// of final-recovery stage.
package enum TraceEvent: Sendable, Equatable {
    case probe(ProbeEvent)
    case freeze(FreezeEvent)
    case recovery(RecoveryEvent)

    package var step: Int {
        switch self {
        case .probe(let e): return e.step
        case .freeze(let e): return e.step
        case .recovery(let e): return e.step
        }
    }
}
