import Foundation
import Vocabulary

/// Where a sweep stands: what the live bar, the plain lines and `blocksweep status` show.
package struct ProgressSnapshot: Sendable, Equatable {
    package struct RunningJob: Sendable, Equatable {
        package var id: String
        package var label: String
        package var device: String
        package var since: Date
        package var attempt: Int
        /// Its last step, from its progress file (nil before the first, or for a runner that
        /// writes none).
        package var progress: JobProgress?
    }

    package var total = 0
    package var done = 0
    package var failed = 0
    package var skipped = 0
    /// Jobs their round policy stopped before their end (pruning).
    package var stoppedEarly = 0
    package var queued = 0
    package var running: [RunningJob] = []
    /// Every device a job may run on, so idle ones show too.
    package var devices: [String] = []
    package var elapsed: Double = 0
    /// Seconds left at the pace so far; nil before any job has finished.
    package var eta: Double?

    package init() {}

    /// Jobs that have ended, however they ended.
    package var ended: Int { done + failed + skipped + stoppedEarly }

    /// "12/40 done · 1 failed · 0 skipped · 2 running · 25 queued · 3m12s elapsed · ETA 8m05s"
    package var countsLine: String {
        var parts = ["\(done)/\(total) done", "\(failed) failed"]
        if skipped > 0 { parts.append("\(skipped) skipped") }
        if stoppedEarly > 0 { parts.append("\(stoppedEarly) stopped early") }
        parts += ["\(running.count) running", "\(queued) queued", "\(NumberText.duration(elapsed)) elapsed"]
        if queued + running.count > 0 { parts.append("ETA " + (eta.map(NumberText.duration) ?? "–")) }
        return parts.joined(separator: " · ")
    }

    /// One line per device: the job on it and for how long, or "idle".
    package func deviceLines(now: Date = Date()) -> [String] {
        let width = max(8, devices.map(\.count).max() ?? 8)
        return devices.map { device in
            let name = device.padding(toLength: width, withPad: " ", startingAt: 0)
            guard let job = running.first(where: { $0.device == device }) else { return "  \(name)  idle" }
            let retry = job.attempt > 1 ? " (attempt \(job.attempt))" : ""
            let step = job.progress.map { "  " + $0.text } ?? ""
            return
                "  \(name)  \(job.id)  \(job.label)\(retry)  \(NumberText.duration(now.timeIntervalSince(job.since)))"
                + step
        }
    }

}
