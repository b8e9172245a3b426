/// The schedules that compete, in the order they run and are reported. The name only: what a
/// schedule does is its `kind`, one type per schedule in this folder.
package enum Schedule: String, Sendable, Codable, CaseIterable, Comparable {
    case fullUpdate = "full_update"
    case staticSuffix = "static_suffix"
    case dynamicSuffix = "dynamic_suffix"

    /// The registry: each schedule's type. A new schedule adds its case above and its line here.
    package var kind: any ScheduleKind {
        switch self {
        case .fullUpdate: return FullUpdate()
        case .staticSuffix: return StaticSuffix()
        case .dynamicSuffix: return DynamicSuffix()
        }
    }

    /// The schedule every other is paired with and judged against (its role is `.baseline`).
    package static let baseline: Schedule = allCases.first { $0.kind.role == .baseline }!

    /// Whether this is the baseline.
    package var isBaseline: Bool { kind.role == .baseline }

    package static func < (lhs: Schedule, rhs: Schedule) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
