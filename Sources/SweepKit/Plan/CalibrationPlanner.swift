import Vocabulary

/// The calibration jobs of a builtin sweep: one `blocksweep calibrate` per distinct model shape
/// × threads × device kind, which every job of that shape reads (`Job.calibration`). It measures
/// every step kind the shape has (active_1…active_N, probe), not only those this sweep's jobs
/// take: an edit that adds a grid value (a lower floor, a staged recovery) then finds every
/// price it needs in the calibration that priced the results already there, and no row pairs
/// or pools runs priced by two measurements (docs/benchmark.md, "One price per folder"). Its id
/// is the FNV-1a hash of exactly those settings, so a resumed or edited sweep finds it again.
package enum CalibrationPlanner {
    /// The settings a step's cost depends on (besides threads and device): what calibrate takes.
    static let shapeNames = ["dmodel", "n_layers", "hidden_mult", "batch_size", "seq_len", "dtype"]
    /// `blocksweep calibrate --cap-seconds` when the sweep sets no `calibration_cap`.
    static let defaultCapSeconds = 60.0
    /// Room a calibration job's timeout leaves beyond its cap: the process's start and the
    /// round under way when the cap is reached.
    static let startupSeconds = 10.0
    /// What one usually takes on an idle machine (measured on the quickstart's model: 8–10 s).
    static let typicalSeconds = 10.0
    /// Builtin jobs run on CPU cores only; torch jobs on the GPUs (or the CPU when there is
    /// none), so their calibrations are the torch runner's own.
    /// Torch jobs with deterministic kernels (`execution.fork`, RunnerSpec.deterministicKernels)
    /// time other kernels, so their calibration is another one.
    static func deviceKind(_ runner: RunnerSpec, deterministicKernels: Bool = false) -> String {
        runner == .torch ? (deterministicKernels ? "torch-deterministic" : "torch") : "cpu"
    }

    /// Sets each job's `calibration` and returns the calibration jobs, in order of first use.
    static func attach(
        to jobs: inout [Job], threads: Int, runner: RunnerSpec = .builtin, deterministicKernels: Bool = false
    ) -> [Job] {
        let config = BenchConfig()
        let defaults = shapeNames.map { name in BenchParameter.named(name)!.value(in: config) }
        let device = deviceKind(runner, deterministicKernels: deterministicKernels)
        // Shapes in order of first use. Consecutive jobs nearly always share the shape, so a
        // job's shape is read into one buffer and compared with the last: a new key array, its
        // hash and a table lookup per job took a third of planning a million jobs. The buffer
        // is filled from the job's few params, names told apart by length first, as
        // CostInputs does: hashing each shape name per job took a tenth.
        var byLength = [[Int]](repeating: [], count: 32)
        for (k, name) in shapeNames.enumerated() { byLength[name.utf8.count].append(k) }
        var calibrations: [Job] = []
        var idOf: [[ParameterValue]: String] = [:]
        var shape = defaults
        var last: (shape: [ParameterValue], id: String)? = nil
        for i in jobs.indices {
            for k in shape.indices { shape[k] = defaults[k] }
            for (name, value) in jobs[i].params {
                let length = name.utf8.count
                guard length < byLength.count else { continue }
                for k in byLength[length] where shapeNames[k] == name { shape[k] = value }
            }
            if let last, last.shape == shape {
                jobs[i].calibration = last.id
                continue
            }
            let id: String
            if let known = idOf[shape] {
                id = known
            } else {
                id = calibrationID(shape: shape, threads: threads, deviceKind: device)
                idOf[shape] = id
                var job = Job(
                    id: id, schedule: nil, seed: config.seed,
                    params: Dictionary(uniqueKeysWithValues: zip(shapeNames, shape)))
                job.stepKinds = StepKind.all(nLayers: benchConfig(jobs[i]).nLayers).map(\.description)
                calibrations.append(job)
            }
            jobs[i].calibration = id
            last = (shape, id)
        }
        return calibrations
    }

    /// The settings that decide which step kinds a job can take (StepKind.taken), besides its schedule.
    static let kindSettings = [
        "n_layers", "static_active_layers", "dyn_min_active_layers", "dyn_max_active_layers",
        "dyn_final_full_frac", "dyn_final_recovery_mode"
    ]

    /// The step kinds the jobs `calibration` prices can take (StepKind.taken): what its
    /// precision is judged over in `run`'s last lines, `status` and the report. Jobs that agree
    /// on the settings that decide it are read once: a plan of a million jobs has few such.
    package static func kindsTaken(in plan: Plan, calibration: String) -> [StepKind] {
        var seen = Set<[ParameterValue?]>()
        var runs: [(schedule: Schedule, config: BenchConfig)] = []
        for job in plan.jobs where job.calibration == calibration {
            let schedule = job.schedule ?? .baseline
            let key = [.string(schedule.rawValue)] + kindSettings.map { job.params[$0] }
            if seen.insert(key).inserted { runs.append((schedule, benchConfig(job))) }
        }
        return StepKind.taken(by: runs)
    }

    /// The run a job's settings describe: the benchmark defaults with its params set.
    static func benchConfig(_ job: Job) -> BenchConfig {
        var config = BenchConfig()
        for (name, value) in job.params {
            if let parameter = BenchParameter.named(name) { _ = parameter.assign(value, to: &config) }
        }
        return config
    }

    /// `cal-` and 16 hex digits of the hash of the canonical text of the calibration's settings.
    /// Version 3: every kind of the shape, measured beside busy neighbours (version 2 measured
    /// the kinds the sweep's jobs took, alone, and its id named them).
    static func calibrationID(shape: [ParameterValue], threads: Int, deviceKind: String = "cpu") -> String {
        var text = "blocksweep-calibration 3\ndevice=\(deviceKind)\nthreads=\(threads)\n"
        for (name, value) in zip(shapeNames, shape) { text += "\(name)=\(JobBuilder.canonical(value))\n" }
        var hash = FNV128()
        hash.add(text)
        return hash.id(prefix: Job.calibrationPrefix)
    }
}
