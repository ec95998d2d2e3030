#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Starts a program with `posix_spawn`: the descriptors given become its 0, 1, 2, …, every other
/// descriptor of this process is closed in it, it leads a process group of its own (so it can be
/// stopped with everything it started), and it gets an empty signal mask and default signal
/// dispositions (what this process ignores, such as `SIGPIPE`, it does not).
///
/// Every child Ponder starts goes through here. `fork` is unsafe in a threaded Swift process, and
/// Foundation's `Process` on Linux lists `/proc/self/fd` before each launch, copying every entry's name
/// as a whole 256-byte field past the end of glibc's directory buffer: a process with many descriptors
/// open (a daemon, a test run) crashed now and then (swift-corelibs-foundation, fixed after the 6.3
/// toolchains by its pull request 5472).
public enum PosixSpawn {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `argv` includes its first element (the program's name for itself); `environment` is the child's
    /// whole environment. Returns the child's process id.
    public static func start(
        executable: String, argv: [String], environment: [String: String], descriptors: [Int32]
    ) throws -> pid_t {
        guard let closeFrom = Native.addCloseFrom else {
            throw Failure(description: "this C library lacks posix_spawn_file_actions_addclosefrom_np")
        }
        guard descriptors.allSatisfy({ $0 >= 0 }) else {
            throw Failure(description: "cannot run \(executable): a descriptor to pass on is not open")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The actions run in order: copied straight into place, a source below the count (the host's
        // own 0–2, say) could be overwritten by an earlier copy before its turn. Every source is first
        // copied above all of them, then into place; the copies above are closed with the rest.
        let count = Int32(descriptors.count)
        let parking = max(count, (descriptors.max() ?? 0) + 1)
        for (index, descriptor) in descriptors.enumerated() {
            try check(posix_spawn_file_actions_adddup2(&actions, descriptor, parking + Int32(index)), executable)
        }
        for index in descriptors.indices {
            try check(posix_spawn_file_actions_adddup2(&actions, parking + Int32(index), Int32(index)), executable)
        }
        try check(closeFrom(&actions, count), executable)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in Int32(1)...Int32(31) where signal != SIGKILL && signal != SIGSTOP {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let arguments = argv.map { strdup($0) } + [nil]
        let variables = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in arguments { free(pointer) }
            for pointer in variables { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, arguments, variables)
        guard result == 0 else { throw Failure(description: "cannot run \(executable): \(String(cString: strerror(result)))") }
        return pid
    }

    private static func check(_ result: Int32, _ executable: String) throws {
        guard result == 0 else { throw Failure(description: "cannot run \(executable): \(String(cString: strerror(result)))") }
    }

    /// This process's environment with `extra` added (or replacing), read from `environ`.
    public static func environment(adding extra: [String: String] = [:]) -> [String: String] {
        var environment: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return environment.merging(extra) { $1 }
    }
}

/// C functions the Swift `Glibc` module does not import (they need `_GNU_SOURCE`), looked up at run time.
enum Native {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    static let pipe2: Pipe2? = dlsym(nil, "pipe2").map { unsafeBitCast($0, to: Pipe2.self) }
    /// glibc 2.34 and later.
    static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: AddCloseFrom.self)
    }
}
