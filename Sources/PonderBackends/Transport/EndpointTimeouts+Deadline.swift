import NIOCore

extension EndpointTimeouts {
    /// When an attempt started now runs out of its `total` time, whichever client carries it.
    var totalDeadlineFromNow: NIODeadline {
        NIODeadline.now() + .nanoseconds(Int64(total * 1e9))
    }
}
