import Vocabulary

/// The calibration jobs of a builtin sweep: one `blocksweep calibrate` per distinct model shape
/// × threads × device kind, which every job of that shape reads (`Job.calibration`). Its id is
/// the FNV-1a hash of exactly those settings, so a resumed or edited sweep finds it again.
enum CalibrationPlanner {
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
    static func deviceKind(_ runner: RunnerSpec) -> String { runner == .torch ? "torch" : "cpu" }

    /// Sets each job's `calibration` and returns the calibration jobs, in order of first use.
    static func attach(to jobs: inout [Job], threads: Int, runner: RunnerSpec = .builtin) -> [Job] {
        let config = BenchConfig()
        let defaults = shapeNames.map { name in BenchParameter.named(name)!.value(in: config) }
        var idByShape: [[ParameterValue]: String] = [:]
        var calibrations: [Job] = []
        for i in jobs.indices {
            let shape = shapeNames.indices.map { k in jobs[i].params[shapeNames[k]] ?? defaults[k] }
            if let id = idByShape[shape] {
                jobs[i].calibration = id
                continue
            }
            let id = calibrationID(shape: shape, threads: threads, deviceKind: deviceKind(runner))
            idByShape[shape] = id
            jobs[i].calibration = id
            let params = Dictionary(uniqueKeysWithValues: zip(shapeNames, shape))
            calibrations.append(Job(id: id, schedule: nil, seed: config.seed, params: params))
        }
        return calibrations
    }

    /// `cal-` and 16 hex digits of the hash of the canonical text of the calibration's settings.
    static func calibrationID(shape: [ParameterValue], threads: Int, deviceKind: String = "cpu") -> String {
        var text = "blocksweep-calibration 1\ndevice=\(deviceKind)\nthreads=\(threads)\n"
        for (name, value) in zip(shapeNames, shape) { text += "\(name)=\(JobBuilder.canonical(value))\n" }
        var hash = FNV128()
        hash.add(text)
        return hash.id(prefix: Job.calibrationPrefix)
    }
}
