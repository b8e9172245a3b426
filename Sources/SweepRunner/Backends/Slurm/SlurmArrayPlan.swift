import SweepKit

/// How a set of jobs goes to Slurm as job arrays, with their dependencies expressed to Slurm:
/// - calibrations: one array, one task at a time (they measure step costs and run alone);
/// - jobs with no prerequisite in the set but calibrations: one array (per set of outside
///   prerequisites), `afterok` on the calibration array, so no timed job starts before every
///   calibration is done;
/// - jobs waiting for one job of the set (an equal-time job's full_update baseline): arrays
///   whose task index is the baseline's index in its array, with `aftercorr` on that array,
///   so each starts as soon as its own baseline has succeeded, and a failed baseline holds
///   back only its own dependents;
/// - a job that forks from another (prefix forking) and waits on it as on no requirement: a
///   one-task array with `afterany` on each of its fork sources' tasks (sibling, …, baseline),
///   so a source that fails or is cancelled never holds it back (it then starts from an
///   earlier source's record, or from step 0: the same result);
/// - anything else: a one-task array with `afterok` on each of its prerequisites' tasks.
/// Prerequisites outside the set that are still in Slurm are named by their task ids.
package struct SlurmArrayPlan: Sendable, Equatable {
    package struct Array: Sendable, Equatable {
        /// (task index, job id), by index.
        package var tasks: [(index: Int, job: String)]
        package var dependencies: [Dependency]
        /// Calibrations: one task at a time whatever the parallel limit.
        package var oneAtATime: Bool

        package static func == (a: Array, b: Array) -> Bool {
            a.tasks.map(\.index) == b.tasks.map(\.index) && a.tasks.map(\.job) == b.tasks.map(\.job)
                && a.dependencies == b.dependencies && a.oneAtATime == b.oneAtATime
        }

        /// `--array=0-4` or `--array=0,3,5`, with `%limit` when one applies.
        package func arraySpec(limit: Int?) -> String {
            let indices = tasks.map(\.index)
            var text: String
            if let first = indices.first, let last = indices.last, indices == Swift.Array(first...last) {
                text = first == last ? "\(first)" : "\(first)-\(last)"
            } else {
                text = indices.map(String.init).joined(separator: ",")
            }
            let cap = oneAtATime ? 1 : limit
            if let cap, cap < tasks.count { text += "%\(cap)" }
            return text
        }
    }

    package enum Dependency: Sendable, Equatable, Hashable {
        /// Every task of an earlier array of this plan succeeded.
        case afterOKArray(Int)
        /// The task with the same index in an earlier array of this plan succeeded.
        case afterCorresponding(Int)
        /// One task of an earlier array of this plan succeeded.
        case afterOKTask(array: Int, index: Int)
        /// A task submitted before ("123_4") succeeded.
        case afterOKSubmitted(String)
        /// One task of an earlier array of this plan ended, however (a fork source).
        case afterAnyTask(array: Int, index: Int)
        /// A task submitted before ended, however (a fork source).
        case afterAnySubmitted(String)
    }

    package var arrays: [Array] = []

    /// Where a prerequisite stands, for the jobs that wait on it.
    package enum Prerequisite: Sendable, Equatable {
        /// Nothing to wait for: done (or a fork source that failed or was skipped).
        case done
        /// In Slurm already, as this task.
        case submitted(String)
        /// Part of this submission.
        case inSet
    }

    /// `jobs`: the set to submit, in plan order (calibrations first). `forkSources(job)`: the
    /// jobs it may fork from (ForkBook.sources). `standing(id)` tells how each prerequisite
    /// outside the set stands; the caller submits a job only when each of its prerequisites is
    /// done, submitted, or in the set.
    package init(
        jobs: [Job], maxArraySize: Int = 1000,
        forkSources: (Job) -> [String] = { $0.forkFrom.map { [$0] } ?? [] },
        standing: (String) -> Prerequisite
    ) {
        let inSet = Dictionary(jobs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Where each job of the set went: (array, index).
        var placed: [String: (array: Int, index: Int)] = [:]
        var keyed: [String: Int] = [:]
        var childCount: [String: Int] = [:]

        func outside(_ job: Job) -> [Dependency] {
            job.requirements.compactMap {
                if inSet[$0] != nil { return nil }
                if case .submitted(let task) = standing($0) { return .afterOKSubmitted(task) }
                return nil
            }
        }
        func place(_ job: Job, key: String, index: Int?, dependencies: [Dependency], oneAtATime: Bool = false) {
            var array: Int
            if let a = keyed[key], arrays[a].tasks.count < maxArraySize,
                index.map({ i in !arrays[a].tasks.contains { $0.index == i } }) ?? true
            {
                array = a
            } else {
                array = arrays.count
                arrays.append(Array(tasks: [], dependencies: dependencies, oneAtATime: oneAtATime))
                keyed[key] = array
            }
            let i = index ?? arrays[array].tasks.count
            arrays[array].tasks.append((i, job.id))
            placed[job.id] = (array, i)
        }

        // Plan order puts calibrations first; a baseline may still follow its dependent, so
        // jobs are placed once their prerequisites in the set are.
        var waiting = jobs
        while !waiting.isEmpty {
            var rest: [Job] = []
            for job in waiting {
                let inside = job.requirements.filter { inSet[$0] != nil }
                let sources = forkSources(job).filter { !job.requirements.contains($0) }
                guard (inside + sources).allSatisfy({ inSet[$0] == nil || placed[$0] != nil }) else {
                    rest.append(job)
                    continue
                }
                let forkWaits = sources.compactMap { id -> Dependency? in
                    if let at = placed[id] { return .afterAnyTask(array: at.array, index: at.index) }
                    if case .submitted(let task) = standing(id) { return .afterAnySubmitted(task) }
                    return nil
                }
                let outer = outside(job)
                let outerKey = outer.map { "\($0)" }.sorted().joined(separator: ",")
                if job.isCalibration {
                    place(job, key: "cal|" + outerKey, index: nil, dependencies: outer, oneAtATime: true)
                    continue
                }
                // Calibrations in the set are implied by the baseline's own dependency.
                let direct = inside.filter { inSet[$0]?.isCalibration == false }
                let calibrationArrays = Set(
                    inside.filter { inSet[$0]?.isCalibration == true }.map { placed[$0]!.array })
                if direct.isEmpty && forkWaits.isEmpty {
                    let deps = calibrationArrays.sorted().map { Dependency.afterOKArray($0) } + outer
                    place(
                        job, key: "root|" + deps.map { "\($0)" }.joined(separator: ","), index: nil, dependencies: deps)
                } else if direct.count == 1 && forkWaits.isEmpty, let parent = placed[direct[0]] {
                    let rank = childCount[direct[0], default: 0]
                    childCount[direct[0]] = rank + 1
                    var deps: [Dependency] = [.afterCorresponding(parent.array)]
                    let parentCalibration = inSet[direct[0]]?.calibration
                    if job.calibration != parentCalibration, let c = job.calibration, let at = placed[c] {
                        deps.append(.afterOKArray(at.array))
                    }
                    deps += outer
                    place(
                        job, key: "corr|\(parent.array)|\(rank)|" + deps.map { "\($0)" }.joined(separator: ","),
                        index: parent.index, dependencies: deps)
                } else {
                    let deps =
                        inside.map { id -> Dependency in
                            let at = placed[id]!
                            return .afterOKTask(array: at.array, index: at.index)
                        } + outer + forkWaits
                    place(job, key: "one|\(job.id)", index: nil, dependencies: deps)
                }
            }
            // A cycle (the executor refuses those before this point): stop rather than spin.
            if rest.count == waiting.count { break }
            waiting = rest
        }
    }

    /// The `--dependency` value of an array, given the Slurm ids of the arrays before it.
    package static func dependencyText(_ dependencies: [Dependency], arrayIDs: [String]) -> String? {
        guard !dependencies.isEmpty else { return nil }
        var afterOK: [String] = []
        var corresponding: [String] = []
        var afterAny: [String] = []
        for d in dependencies {
            switch d {
            case .afterOKArray(let a): afterOK.append(arrayIDs[a])
            case .afterOKTask(let a, let i): afterOK.append("\(arrayIDs[a])_\(i)")
            case .afterOKSubmitted(let task): afterOK.append(task)
            case .afterCorresponding(let a): corresponding.append(arrayIDs[a])
            case .afterAnyTask(let a, let i): afterAny.append("\(arrayIDs[a])_\(i)")
            case .afterAnySubmitted(let task): afterAny.append(task)
            }
        }
        var parts: [String] = []
        if !afterOK.isEmpty { parts.append("afterok:" + afterOK.joined(separator: ":")) }
        if !corresponding.isEmpty { parts.append("aftercorr:" + corresponding.joined(separator: ":")) }
        if !afterAny.isEmpty { parts.append("afterany:" + afterAny.joined(separator: ":")) }
        return parts.joined(separator: ",")
    }
}
