#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Hummingbird
import NIOCore

/// The `reset` fault: drops the client's connection before any byte of a response is written.
///
/// SO_LINGER is set to zero before closing, so the kernel sends a TCP RST instead of a FIN and the client
/// sees "connection reset by peer". The response returned afterwards cannot be written (the channel is
/// closed): Hummingbird's write fails, and it gives up on the connection without sending anything.
enum ConnectionReset {
    static func drop(_ channel: any Channel) async -> Response {
        if let provider = channel as? any SocketOptionProvider {
            try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await channel.close()
        return Response(status: .internalServerError, body: ResponseBody { _ in throw Dropped() })
    }

    struct Dropped: Error {}
}
