#if canImport(Glibc)
import Glibc
#endif

/// The path of the running `ponder` binary, so a benchmark can start the sim as a child process.
enum CurrentExecutable {
    static var path: String {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if length > 0 { return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        #endif
        return CommandLine.arguments[0]
    }
}
