import Hummingbird
import NIOCore

/// The request context of the sim's router: Hummingbird's basics plus the connection's channel, which the
/// `reset` fault drops.
struct SimRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Prompts of few-shot runs can be long.
    var maxUploadSize: Int { 64 * 1024 * 1024 }
}
