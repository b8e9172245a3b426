import Foundation

/// The Slurm commands blocksweep calls (sbatch, squeue, scancel, sacct), found on PATH. Every
/// call is one short process; nothing is parsed from a terminal-formatted listing.
package struct SlurmClient: Sendable {
    /// The folder sbatch was found in; the other tools are looked up there first.
    package var binFolder: String
    private var environment: [String: String]

    /// The client for this machine's Slurm, or nil when `sbatch` is not on PATH.
    package static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> SlurmClient? {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            if FileManager.default.isExecutableFile(atPath: "\(folder)/sbatch") {
                return SlurmClient(binFolder: String(folder), environment: environment)
            }
        }
        return nil
    }

    private func tool(_ name: String) -> String {
        let beside = "\(binFolder)/\(name)"
        return FileManager.default.isExecutableFile(atPath: beside) ? beside : name
    }

    /// Runs a tool to its end: exit status, stdout, stderr.
    func call(_ name: String, _ arguments: [String]) -> (status: Int32, out: String, err: String) {
        let process = Process()
        let program = tool(name)
        if program.hasPrefix("/") {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [program] + arguments
        }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return (127, "", "cannot start \(program): \(error.localizedDescription)") }
        // stderr is read on its own thread, so a chatty tool cannot block on a full pipe.
        let errText = ErrText()
        let reader = Thread {
            errText.value = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
        reader.start()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        while !errText.done { usleep(1000) }
        return (process.terminationStatus, stdout, errText.value)
    }

    private final class ErrText: @unchecked Sendable {
        private let lock = NSLock()
        private var text: String?
        var value: String {
            get { lock.withLock { text ?? "" } }
            set { lock.withLock { text = newValue } }
        }
        var done: Bool { lock.withLock { text != nil } }
    }

    /// Submits with `sbatch --parsable` and returns the job id.
    package func submit(_ arguments: [String]) throws(SweepRunError) -> String {
        let result = call("sbatch", ["--parsable"] + arguments)
        let id = result.out.split(separator: "\n").last.map { String($0.split(separator: ";")[0]) } ?? ""
        guard result.status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
            let why = result.err.trimmingCharacters(in: .whitespacesAndNewlines)
            throw .system("sbatch failed (exit status \(result.status)): \(why.isEmpty ? result.out : why)")
        }
        return id
    }

    /// Every task Slurm's controller still knows of these array jobs, by task id; nil when
    /// squeue cannot answer at all (the controller is down).
    package func tasks(of arrays: [String]) -> [String: SlurmTask]? {
        guard !arrays.isEmpty else { return [:] }
        var known: [String: SlurmTask] = [:]
        // One call for all; an id the controller forgot makes squeue fail, so then one by one.
        let all = call("squeue", ["-h", "-t", "all", "-r", "-j", arrays.joined(separator: ","), "-o", "%i|%T|%r|%N"])
        if all.status == 0 {
            for line in all.out.split(separator: "\n") {
                if let task = SlurmTask.parseQueueLine(line) { known[task.id] = task }
            }
            return known
        }
        var answered = false
        for array in arrays {
            let one = call("squeue", ["-h", "-t", "all", "-r", "-j", array, "-o", "%i|%T|%r|%N"])
            guard one.status == 0 else {
                if one.err.contains("Invalid job id") { answered = true }
                continue
            }
            answered = true
            for line in one.out.split(separator: "\n") {
                if let task = SlurmTask.parseQueueLine(line) { known[task.id] = task }
            }
        }
        return answered ? known : nil
    }

    /// Finished tasks as accounting recorded them (sacct), for tasks the controller has
    /// forgotten; empty where accounting is off (sacct fails without slurmdbd).
    package func accounted(_ arrays: [String]) -> [String: SlurmTask] {
        guard !arrays.isEmpty else { return [:] }
        let result = call(
            "sacct", ["-n", "-P", "-X", "-j", arrays.joined(separator: ","), "-o", "JobID,State,Reason,NodeList"])
        guard result.status == 0 else { return [:] }
        var known: [String: SlurmTask] = [:]
        for line in result.out.split(separator: "\n") {
            if let task = SlurmTask.parseQueueLine(line) { known[task.id] = task }
        }
        return known
    }

    /// Array tasks of jobs named `name` with their comment ("123_4" → comment), as far as the
    /// controller remembers them; empty when squeue cannot answer.
    package func tasks(named name: String) -> [String: String] {
        let result = call("squeue", ["-h", "-t", "all", "-r", "-n", name, "-o", "%i|%k"])
        guard result.status == 0 else { return [:] }
        var found: [String: String] = [:]
        for line in result.out.split(separator: "\n") {
            let fields = line.split(separator: "|", maxSplits: 1).map(String.init)
            if fields.count == 2, fields[0].contains("_") { found[fields[0]] = fields[1] }
        }
        return found
    }

    /// scancel for task or array ids; quietly ignores ones already ended.
    package func cancel(_ ids: [String]) {
        guard !ids.isEmpty else { return }
        _ = call("scancel", ids)
    }
}
