/// One array task as Slurm reports it: "123_4", its state, why it waits, and where it runs.
package struct SlurmTask: Sendable, Equatable {
    /// "<array job id>_<task index>".
    package var id: String
    package var state: SlurmState
    /// Slurm's reason text for a waiting task ("Dependency", "DependencyNeverSatisfied", …).
    package var reason: String?
    /// The node it runs or ran on.
    package var node: String?

    package init(id: String, state: SlurmState, reason: String? = nil, node: String? = nil) {
        self.id = id
        self.state = state
        self.reason = reason
        self.node = node
    }

    /// The array job id of "123_4" (123).
    package static func arrayID(of task: String) -> String {
        String(task.split(separator: "_").first ?? Substring(task))
    }

    /// Parses one line of `squeue -h -t all -r -o '%i|%T|%r|%N'`; nil for anything else (a
    /// job that is not an array task, a malformed line).
    package static func parseQueueLine(_ line: Substring) -> SlurmTask? {
        let fields = line.split(separator: "|", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard fields.count >= 2, fields[0].contains("_"), !fields[0].contains("[") else { return nil }
        let reason = fields.count > 2 && !fields[2].isEmpty && fields[2] != "None" ? fields[2] : nil
        let node = fields.count > 3 && !fields[3].isEmpty && fields[3] != "(null)" ? fields[3] : nil
        return SlurmTask(id: fields[0], state: SlurmState(fields[1]), reason: reason, node: node)
    }
}
