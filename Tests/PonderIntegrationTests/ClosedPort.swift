#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A loopback TCP port where nothing listens and nothing else can: a socket is bound to it but never
/// listens, so a connection there is refused, and no server started by a test running alongside can
/// be given the port until `release()`. (A port that was merely free a moment ago can be.) Call
/// `release()` when done: it also keeps the port held until then, whatever the optimiser does with
/// the object's lifetime.
final class ClosedPort: Sendable {
    let port: Int
    private let descriptor: Mutex<Int32>

    init() throws {
        #if os(Linux)
        let socketType = Int32(SOCK_STREAM.rawValue)
        #else
        let socketType = SOCK_STREAM
        #endif
        let descriptor = socket(AF_INET, socketType, 0)
        guard descriptor >= 0 else { throw Failure.socket }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw Failure.bind
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        self.descriptor = Mutex(descriptor)
    }

    /// The OpenAI-style base URL of a server that would be on this port.
    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Lets the port go, for a server that is to come up on it.
    func release() {
        descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            close(descriptor)
            descriptor = -1
        }
    }

    deinit { release() }

    enum Failure: Error {
        case socket, bind
    }
}
