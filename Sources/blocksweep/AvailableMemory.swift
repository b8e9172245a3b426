import Foundation

/// Memory this process can still take: the least of the machine's MemAvailable, the room left
/// under a cgroup v2 limit (containers) and under `ulimit -v`. nil when none is known.
enum AvailableMemory {
    static func bytes() -> Int? {
        var limits: [Int] = []
        if let kb = field("MemAvailable:", in: "/proc/meminfo") { limits.append(kb * 1024) }
        if let max = number(at: "/sys/fs/cgroup/memory.max"), let used = number(at: "/sys/fs/cgroup/memory.current") {
            limits.append(max - used)
        }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max {
            let size = (field("VmSize:", in: "/proc/self/status") ?? 0) * 1024
            limits.append(Int(clamping: limit.rlim_cur) - size)
        }
        return limits.min().map { max(0, $0) }
    }

    /// The number after `name` in a /proc file of "Name:   123 kB" lines.
    private static func field(_ name: String, in path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) })
        else { return nil }
        return Int(line.dropFirst(name.count).filter(\.isNumber))
    }

    /// A file holding one number ("max" or anything else: nil).
    private static func number(at path: String) -> Int? {
        (try? String(contentsOfFile: path, encoding: .utf8)).flatMap {
            Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
