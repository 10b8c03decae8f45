import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program with its standard output opened on something a `Pipe`
/// cannot stand for: a full device, or a pipe whose reader is already gone.
public enum Spawn {
    public enum Target {
        /// `/dev/full`: every write fails with ENOSPC.
        case devFull
        /// A pipe whose read end is closed before the program starts: every write fails with EPIPE.
        case closedPipe
        /// Any file, opened for writing (truncated).
        case file(String)
    }

    public struct Outcome {
        /// The exit status, or nil when a signal ended the program.
        public var status: Int32?
        /// The signal that ended the program, if one did.
        public var signal: Int32?
        public var stderr: String
    }

    /// Runs `executable` to the end with standard input read from `stdinFile`
    /// and standard error captured; `GOVSEARCH_INDEX` is not inherited.
    public static func run(_ executable: String, _ args: [String], stdout target: Target,
                           stdinFile: String = "/dev/null") throws -> Outcome {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Every descriptor made here is close-on-exec; dup2 makes the child's copies inheritable.
        var err: [Int32] = [0, 0]
        guard closeOnExecPipe(&err) else { throw Failed(call: "pipe", code: errno) }
        defer { close(err[0]) }
        var outWrite: Int32 = -1
        switch target {
        case .devFull:
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/full", O_WRONLY, 0)
        case let .file(path):
            posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        case .closedPipe:
            var p: [Int32] = [0, 0]
            guard closeOnExecPipe(&p) else { close(err[1]); throw Failed(call: "pipe", code: errno) }
            close(p[0])
            outWrite = p[1]
            posix_spawn_file_actions_adddup2(&actions, outWrite, 1)
        }
        posix_spawn_file_actions_addopen(&actions, 0, stdinFile, O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)

        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "GOVSEARCH_INDEX")
        let argv = ([executable] + args).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }

        // As a shell starts a program: SIGPIPE at its default action, no signal blocked.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), pipeSignal = sigset_t()
        sigemptyset(&none)
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &pipeSignal)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        close(err[1])
        if outWrite >= 0 { close(outWrite) }
        guard rc == 0 else { throw Failed(call: "posix_spawn", code: rc) }

        var captured = Data()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(err[0], &chunk, chunk.count)
            if n > 0 { captured.append(contentsOf: chunk[0..<n]); continue }
            if n < 0 && errno == EINTR { continue }
            break
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failed(call: "waitpid", code: errno) }
        }
        // The <sys/wait.h> macros, which Swift does not import.
        let signal = status & 0x7f
        return Outcome(status: signal == 0 ? (status >> 8) & 0xff : nil, signal: signal == 0 ? nil : signal,
                       stderr: String(decoding: captured, as: UTF8.self))
    }

    /// pipe(2) with both ends close-on-exec (pipe2 is not imported without _GNU_SOURCE).
    private static func closeOnExecPipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    public struct Failed: Error, CustomStringConvertible {
        public var call: String
        public var code: Int32
        public var description: String { "\(call): \(String(cString: strerror(code)))" }
    }
}
