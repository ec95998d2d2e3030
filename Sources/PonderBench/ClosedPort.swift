#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A loopback TCP port where nothing listens and nothing else can: a socket is bound to it but never
/// listens, so a connection there is refused, and no server started by a test running alongside can
/// be given the port until `release()`. (A port that was merely free a moment ago can be.) The port is
/// below the kernel's ephemeral range, so after `release()` a server can come up on it without a port
/// the kernel hands out elsewhere taking it first. Call
/// `release()` when done: it also keeps the port held until then, whatever the optimiser does with
/// the object's lifetime.
public final class ClosedPort: Sendable {
    public let port: Int
    private let descriptor: Mutex<Int32>

    public init() throws {
        guard let socket = LoopbackPort.boundSocket(belowEphemeral: true) else { throw NoPort() }
        port = Int(socket.port)
        descriptor = Mutex(socket.descriptor)
    }

    /// The OpenAI-style base URL of a server that would be on this port.
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Lets the port go, for a server that is to come up on it.
    public func release() {
        descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            close(descriptor)
            descriptor = -1
        }
    }

    deinit { release() }

    public struct NoPort: Error {}
}
