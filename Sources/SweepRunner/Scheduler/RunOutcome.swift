/// How a run ended.
public struct RunOutcome: Sendable, Equatable {
    public var total = 0
    public var done = 0
    public var failed = 0
    public var skipped = 0
    /// Jobs still to run because the run was interrupted.
    public var notRun = 0
    public var interrupted = false
    /// Jobs that ended failed or skipped, with the reason, in plan order.
    public var problems: [Problem] = []
    public var notes: [String] = []

    public init() {}

    public struct Problem: Sendable, Equatable {
        public var id: String
        public var label: String
        /// "failed" or "skipped".
        public var event: String
        public var reason: String
    }

    /// 0 every job done, 1 some failed or were skipped, 130 stopped by Ctrl-C.
    public var exitCode: Int32 {
        if interrupted { return 130 }
        return failed + skipped > 0 ? 1 : 0
    }

}
