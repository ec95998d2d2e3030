import NIOCore
import NIOHTTP1

/// Puts a lean exchange's request on the wire, in place of NIO's request encoder.
///
/// The exchange writes its request already serialised (`LeanRequest.wireBytes`) as a body part. The
/// head part written before it carries only the method, for the response decoder behind this handler
/// (it must know that the answer to a HEAD request has no body); it and the end part put no bytes out.
final class LeanRequestWriter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = IOData

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head, .end:
            promise?.succeed(())
        case .body(let bytes):
            context.write(wrapOutboundOut(bytes), promise: promise)
        }
    }

    /// The head part for a request with `method`: no headers, since nothing reads them.
    static func methodHead(_ method: HTTPMethod) -> HTTPRequestHead {
        switch method {
        case .POST: postHead
        case .GET: getHead
        default: HTTPRequestHead(version: .http1_1, method: method, uri: "/")
        }
    }

    private static let postHead = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/")
    private static let getHead = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/")
}
