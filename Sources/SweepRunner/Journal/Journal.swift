import Foundation
import SweepKit
import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif

/// results/<name>/journal.jsonl: one JournalEntry per line, only ever appended. A line is
/// written with one write(2) call; entries that must survive a crash are fsync'd before the
/// runner acts on them.
package final class Journal {
    package let path: String
    private let fd: Int32
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Opens (creating) the journal. A last line cut short by a crash is dropped first, so the
    /// next entry starts on a line of its own.
    package init(path: String) throws(SweepRunError) {
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system("cannot open the journal \(path)", errno: errno) }
        self.fd = fd
        if let data = FileManager.default.contents(atPath: path), let last = data.last, last != UInt8(ascii: "\n") {
            let keep = (data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
            if ftruncate(fd, off_t(keep)) != 0 || fsync(fd) != 0 {
                throw .system("cannot repair the journal \(path)", errno: errno)
            }
        }
    }

    deinit { close(fd) }

    /// The start of the runner writing now, stamped on every entry it appends (JournalEntry.session).
    package var session: String?

    /// Appends one entry; with `sync`, returns only once it is on disk.
    package func append(_ entry: JournalEntry, sync: Bool) throws(SweepRunError) {
        var entry = entry
        if entry.session == nil { entry.session = session }
        var line: Data
        do { line = try encoder.encode(entry) } catch { throw .system("cannot encode a journal entry: \(error)") }
        line.append(UInt8(ascii: "\n"))
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count else {
            throw .system("cannot write the journal \(path)", errno: written < 0 ? errno : ENOSPC)
        }
        if sync && fdatasync(fd) != 0 {
            throw .system("cannot sync the journal \(path)", errno: errno)
        }
    }

    /// Every whole entry of a journal file (none when it does not exist). A line that does not
    /// decode, such as one cut short by a crash, is skipped.
    package static func read(path: String) -> [JournalEntry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap {
            try? decoder.decode(JournalEntry.self, from: Data($0))
        }
    }

    /// "2026-02-25T17:17:08Z": ISO 8601 in UTC, whole seconds (what every ISO parser reads).
    package static func timestamp(_ date: Date = Date()) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// The Date of a `timestamp` text. The format style parses in about a microsecond; building
    /// an ISO8601DateFormatter per call took 250 µs, which a replay pays twice per finished job.
    package static func date(from timestamp: String) -> Date? {
        try? Date(timestamp, strategy: .iso8601)
    }
}
