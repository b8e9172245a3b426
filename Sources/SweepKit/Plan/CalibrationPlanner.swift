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
        // Shapes in order of first use, each with the jobs that read it.
        var shapes: [[ParameterValue]] = []
        var jobsByShape: [[ParameterValue]: [Int]] = [:]
        for i in jobs.indices {
            let shape = shapeNames.indices.map { k in jobs[i].params[shapeNames[k]] ?? defaults[k] }
            if jobsByShape[shape] == nil { shapes.append(shape) }
            jobsByShape[shape, default: []].append(i)
        }
        var calibrations: [Job] = []
        for shape in shapes {
            let members = jobsByShape[shape]!
            let kinds = StepKind.all(nLayers: benchConfig(jobs[members[0]]).nLayers).map(\.description)
            let id = calibrationID(
                shape: shape, threads: threads,
                deviceKind: deviceKind(runner, deterministicKernels: deterministicKernels))
            for i in members { jobs[i].calibration = id }
            var job = Job(
                id: id, schedule: nil, seed: config.seed,
                params: Dictionary(uniqueKeysWithValues: zip(shapeNames, shape)))
            job.stepKinds = kinds
            calibrations.append(job)
        }
        return calibrations
    }

    /// The step kinds the jobs `calibration` prices can take (StepKind.taken): what its
    /// precision is judged over in `run`'s last lines, `status` and the report.
    package static func kindsTaken(in plan: Plan, calibration: String) -> [StepKind] {
        StepKind.taken(
            by: plan.jobs.filter { $0.calibration == calibration }.map { ($0.schedule ?? .fullUpdate, benchConfig($0)) }
        )
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
