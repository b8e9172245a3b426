import Foundation

/// results/<name>/slurm/<submission>.tasks: which job (and attempt) each task index of one
/// array runs, one "index job attempt" line each. Written before sbatch; the launcher reads
/// its own line by SLURM_ARRAY_TASK_ID.
package struct SlurmTaskTable: Sendable, Equatable {
    package struct Entry: Sendable, Equatable {
        package var index: Int
        package var job: String
        package var attempt: Int
    }

    package var entries: [Entry]

    package init(entries: [Entry]) {
        self.entries = entries
    }

    package var text: String {
        entries.map { "\($0.index) \($0.job) \($0.attempt)\n" }.joined()
    }

    package static func read(_ path: String) throws(SweepRunError) -> SlurmTaskTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .system("cannot read the task table \(path)")
        }
        var entries: [Entry] = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let index = Int(fields[0]), let attempt = Int(fields[2]) else {
                throw .system("\(path): not a task table line: \(line)")
            }
            entries.append(Entry(index: index, job: String(fields[1]), attempt: attempt))
        }
        return SlurmTaskTable(entries: entries)
    }

    package func entry(index: Int) -> Entry? {
        entries.first { $0.index == index }
    }
}
