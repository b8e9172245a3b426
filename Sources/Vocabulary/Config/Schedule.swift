/// The three schedules that compete, in the order they run and are reported.
package enum Schedule: String, Sendable, Codable, CaseIterable, Comparable {
    case fullUpdate = "full_update"
    case staticSuffix = "static_suffix"
    case dynamicSuffix = "dynamic_suffix"

    package static func < (lhs: Schedule, rhs: Schedule) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
