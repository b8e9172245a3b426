import Foundation
import Vocabulary

/// The journal of a results folder, replayed once, entry by entry: the one reading `run`,
/// `status` and `report` all make of it. Each job's record, the devices attempts ran on, and
/// the spans runner sessions worked.
package struct JournalReplay: Sendable {
    /// Every job's record, by job id.
    package var records: [String: JobRecord] = [:]
    /// Every device an attempt was journaled on.
    package var devices: Set<String> = []
    /// Per runner session (its start; "" for entries of older journals without one): from the
    /// session's start, or its first entry, to its last entry.
    var sessions: [String: (start: Date, end: Date)] = [:]

    package init(_ entries: [JournalEntry]) {
        for entry in entries {
            records[entry.job, default: JobRecord()].apply(entry)
            if let device = entry.device { devices.insert(device) }
            guard let time = Journal.date(from: entry.time) else { continue }
            let key = entry.session ?? ""
            let start = entry.session.flatMap { Journal.date(from: $0) } ?? time
            let span = sessions[key] ?? (start, start)
            sessions[key] = (min(span.start, time), max(span.end, time))
        }
    }

    /// The folder's journal.jsonl, read and replayed.
    package static func read(_ folder: ResultsFolder) -> JournalReplay {
        JournalReplay(Journal.read(path: folder.journal))
    }

    /// Seconds runners worked on the sweep: each session from its start to its last entry, or
    /// to now for the runner working now (`liveSession`: its start as run.lock holds it, "" when
    /// unknown), summed. A sweep run twice days apart counts its two runs, not the days between.
    /// Entries of older journals, without a session, count as one span from the first to the last.
    package func runningTime(liveSession: String?, now: Date) -> Double {
        var spans = sessions
        if let liveSession {
            if let start = Journal.date(from: liveSession) {
                spans[liveSession] = (spans[liveSession]?.start ?? start, now)
            } else if let latest = spans.max(by: { $0.value.start < $1.value.start }) {
                spans[latest.key]?.end = now
            }
        }
        return spans.values.reduce(0) { $0 + max(0, $1.end.timeIntervalSince($1.start)) }
    }
}
