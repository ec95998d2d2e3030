import Glibc

/// OpenAI's `created`: the Unix time, in seconds, at which the answer was made. One value serves
/// every chunk of a stream.
enum ResponseTimestamp {
    static func now() -> Int {
        Int(time(nil))
    }
}
