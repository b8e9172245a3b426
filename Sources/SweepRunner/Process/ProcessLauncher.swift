import CSweepSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starts one job process with posix_spawn: argv passed as it is (no shell ever sees it), in a
/// process group of its own, stdin from /dev/null, stdout and stderr appended to log files,
/// pinned to a slot's cores when it has some.
package enum ProcessLauncher {
    /// posix_spawn children inherit the spawning thread's affinity; setting it, spawning and
    /// restoring it under one lock keeps other spawns from inheriting the wrong mask.
    private static let affinityLock = NSLock()

    /// Returns the child's pid (also its process group id).
    package static func spawn(
        argv: [String], environment: [String: String], stdoutPath: String,
        stderrPath: String, cores: [Int], header: String? = nil
    ) throws(SweepRunError) -> pid_t {
        guard let program = argv.first, !program.isEmpty else { throw .badInput("a job's command is empty") }
        let out = try openLog(stdoutPath, header: header)
        defer { close(out) }
        let err = try openLog(stderrPath, header: header)
        defer { close(err) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out, 1)
        posix_spawn_file_actions_adddup2(&actions, err, 2)
        _ = sweep_file_actions_closefrom(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Own process group: a timeout or Ctrl-C ends the job and everything it started, and
        // the terminal's Ctrl-C reaches only the runner, which then ends jobs in order.
        posix_spawnattr_setpgroup(&attributes, 0)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        // The runner ignores some signals; the job must not inherit that.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let cArgv = argv.map { strdup($0) } + [nil]
        defer { for argument in cArgv { free(argument) } }
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for variable in cEnv { free(variable) } }

        var pid: pid_t = 0
        let status: Int32
        if cores.isEmpty {
            status = posix_spawnp(&pid, program, &actions, &attributes, cArgv, cEnv)
        } else {
            affinityLock.lock()
            defer { affinityLock.unlock() }
            var saved = [Int32](repeating: 0, count: 4096)
            let savedCount = sweep_thread_affinity(&saved, Int32(saved.count))
            let wanted = cores.map(Int32.init)
            guard sweep_set_thread_affinity(wanted, Int32(wanted.count)) == 0 else {
                throw .system("cannot pin a job to cores \(Slot.rangeText(cores))", errno: errno)
            }
            status = posix_spawnp(&pid, program, &actions, &attributes, cArgv, cEnv)
            if savedCount > 0 { _ = sweep_set_thread_affinity(saved, savedCount) }
        }
        guard status == 0 else {
            throw .system("cannot start '\(program)'", errno: status)
        }
        return pid
    }

    /// Sends `signal` to the job's whole process group.
    package static func signalGroup(_ pid: pid_t, _ signal: Int32) {
        if kill(-pid, signal) != 0 && errno == ESRCH { _ = kill(pid, signal) }
    }

    private static func openLog(_ path: String, header: String?) throws(SweepRunError) -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system("cannot open \(path)", errno: errno) }
        if let header {
            _ = header.withCString { write(fd, $0, strlen($0)) }
        }
        return fd
    }
}
