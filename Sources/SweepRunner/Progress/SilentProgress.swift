import Foundation

/// Reports nothing (library callers and tests that only look at the results folder).
package final class SilentProgress: ProgressSink {
    package init() {}
    package var tickInterval: Double? { nil }
    package func event(_ event: ProgressEvent, _ snapshot: ProgressSnapshot) {}
    package func tick(_ snapshot: ProgressSnapshot) {}
    package func finish(_ snapshot: ProgressSnapshot) {}
}
