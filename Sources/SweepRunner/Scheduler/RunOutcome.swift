/// How a run ended.
package struct RunOutcome: Sendable, Equatable {
    package var total = 0
    package var done = 0
    package var failed = 0
    package var skipped = 0
    /// Jobs still to run because the run was interrupted.
    package var notRun = 0
    package var interrupted = false
    /// Jobs that ended failed or skipped, with the reason, in plan order.
    package var problems: [Problem] = []
    package var notes: [String] = []

    package init() {}

    package struct Problem: Sendable, Equatable {
        package var id: String
        package var label: String
        /// "failed" or "skipped".
        package var event: String
        package var reason: String
    }

    /// 0 every job done, 1 some failed or were skipped, 130 stopped by Ctrl-C.
    package var exitCode: Int32 {
        if interrupted { return 130 }
        return failed + skipped > 0 ? 1 : 0
    }

}
