import Foundation
import SweepKit

/// What the loader found: the report's input plus the sweep's own settings when a results
/// folder had a plan.json.
package struct LoadedResults: Sendable {
    package var input: ReportInput
    package var rules: Rules?
    package var execution: ExecutionSettings?
}
