import Vocabulary

/// How every line words a count of a plan's jobs with its calibrations: "12 jobs and 1
/// calibration", "12 jobs" (none), "1 calibration" (no job), so that the run's first line,
/// its summary, a detached sweep's line and `status` describe one sweep with the same numbers.
package func jobsAndCalibrations(_ jobs: Int, _ calibrations: Int) -> String {
    if calibrations == 0 { return jobs.counted("job") }
    if jobs == 0 { return calibrations.counted("calibration") }
    return "\(jobs.counted("job")) and \(calibrations.counted("calibration"))"
}
