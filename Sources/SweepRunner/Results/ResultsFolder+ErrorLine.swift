import Foundation

extension ResultsFolder {
    /// The last non-empty line job `id` wrote to stderr, for a failure reason (the local
    /// executor and the Slurm launcher word failures alike), cut to `limit` characters.
    package func lastErrorLine(_ id: String, limit: Int = 200) -> String? {
        guard let handle = FileHandle(forReadingAtPath: stderr(id)) else { return nil }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > 4096 ? size - 4096 : 0)
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        guard
            let line = text.split(whereSeparator: \.isNewline).last(where: {
                !$0.hasPrefix("== blocksweep:") && !$0.allSatisfy(\.isWhitespace)
            })
        else { return nil }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.count > limit ? String(trimmed.prefix(limit)) + "…" : trimmed
    }
}
