import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A free TCP port on 127.0.0.1, for a child server that cannot be told `--port 0` and report what it
/// got (optillm takes a port and says nothing machine-readable about it). The kernel picks the port
/// for a socket bound to port 0; the socket is closed and the port handed on. Another process could
/// take it in between, which on a benchmark machine is rare enough: the child then fails to start, loudly.
public enum LoopbackPort {
    public static func free() -> UInt16? {
        guard let socket = boundSocket() else { return nil }
        close(socket.descriptor)
        return socket.port
    }

    /// A TCP socket bound to a free port on 127.0.0.1, not listening, and its port; the caller closes
    /// it. While it is open, connections to the port are refused and no other socket gets the port.
    ///
    /// `belowEphemeral` takes a port below the kernel's ephemeral range (ip_local_port_range), which the
    /// kernel never hands to a socket bound to port 0 or to an outgoing connection: a server meant to come
    /// up on the port after the socket closes is not beaten to it by the servers and clients of tests
    /// running alongside. It falls back to a port the kernel picks when none down there is free.
    public static func boundSocket(belowEphemeral: Bool = false) -> (descriptor: Int32, port: UInt16)? {
        if belowEphemeral, let lowest = ephemeralRangeStart(), lowest > 10_001 {
            for _ in 0..<64 {
                if let socket = boundSocket(port: UInt16.random(in: 10_000..<lowest)) { return socket }
            }
        }
        return boundSocket(port: 0)
    }

    /// The first port of the kernel's ephemeral range, where the system says.
    static func ephemeralRangeStart() -> UInt16? {
        guard let text = try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8) else { return nil }
        return text.split(whereSeparator: \.isWhitespace).first.flatMap { UInt16($0) }
    }

    private static func boundSocket(port: UInt16) -> (descriptor: Int32, port: UInt16)? {
        guard let descriptor = tcpSocket() else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            return nil
        }
        return (descriptor, UInt16(bigEndian: address.sin_port))
    }

    /// A new IPv4 TCP socket, or nil; the caller closes it.
    static func tcpSocket() -> Int32? {
        #if os(Linux)
        let socketType = Int32(SOCK_STREAM.rawValue)
        #else
        let socketType = SOCK_STREAM
        #endif
        let descriptor = socket(AF_INET, socketType, 0)
        return descriptor >= 0 ? descriptor : nil
    }
}
