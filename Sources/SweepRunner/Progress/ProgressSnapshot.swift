import Foundation
import Vocabulary

/// Where a sweep stands: what the live bar, the plain lines and `blocksweep status` show.
public struct ProgressSnapshot: Sendable, Equatable {
    public struct RunningJob: Sendable, Equatable {
        public var id: String
        public var label: String
        public var device: String
        public var since: Date
        public var attempt: Int
    }

    public var total = 0
    public var done = 0
    public var failed = 0
    public var skipped = 0
    public var queued = 0
    public var running: [RunningJob] = []
    /// Every device a job may run on, so idle ones show too.
    public var devices: [String] = []
    public var elapsed: Double = 0
    /// Seconds left at the pace so far; nil before any job has finished.
    public var eta: Double?

    public init() {}

    /// "12/40 done · 1 failed · 0 skipped · 2 running · 25 queued · 3m12s elapsed · ETA 8m05s"
    public var countsLine: String {
        var parts = ["\(done)/\(total) done", "\(failed) failed"]
        if skipped > 0 { parts.append("\(skipped) skipped") }
        parts += ["\(running.count) running", "\(queued) queued", "\(Self.duration(elapsed)) elapsed"]
        if queued + running.count > 0 { parts.append("ETA " + (eta.map(Self.duration) ?? "–")) }
        return parts.joined(separator: " · ")
    }

    /// One line per device: the job on it and for how long, or "idle".
    public func deviceLines(now: Date = Date()) -> [String] {
        let width = max(8, devices.map(\.count).max() ?? 8)
        return devices.map { device in
            let name = device.padding(toLength: width, withPad: " ", startingAt: 0)
            guard let job = running.first(where: { $0.device == device }) else { return "  \(name)  idle" }
            let retry = job.attempt > 1 ? " (attempt \(job.attempt))" : ""
            return "  \(name)  \(job.id)  \(job.label)\(retry)  \(Self.duration(now.timeIntervalSince(job.since)))"
        }
    }

    /// "45s", "3m05s", "2h14m".
    public static func duration(_ seconds: Double) -> String { NumberText.duration(seconds) }
}

/// A job's state change, as the plain output prints it.
public struct ProgressEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case started, done, failed, retrying, skipped, interrupted
        /// A job still running from a runner that was killed, now watched by this one.
        case adopted
    }

    public var kind: Kind
    public var jobID: String
    public var label: String
    public var device: String?
    public var reason: String?
    public var seconds: Double?
    public var attempt: Int
}

/// Receives the scheduler's events; the command picks the terminal or the plain form.
public protocol ProgressSink: AnyObject {
    /// How often the scheduler should call `tick` (nil: never).
    var tickInterval: Double? { get }
    func event(_ event: ProgressEvent, _ snapshot: ProgressSnapshot)
    func tick(_ snapshot: ProgressSnapshot)
    func finish(_ snapshot: ProgressSnapshot)
}

/// Reports nothing (library callers and tests that only look at the results folder).
public final class SilentProgress: ProgressSink {
    public init() {}
    public var tickInterval: Double? { nil }
    public func event(_ event: ProgressEvent, _ snapshot: ProgressSnapshot) {}
    public func tick(_ snapshot: ProgressSnapshot) {}
    public func finish(_ snapshot: ProgressSnapshot) {}
}
