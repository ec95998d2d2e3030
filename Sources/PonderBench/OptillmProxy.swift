/// Where a benchmark request goes: straight to the sim, through Ponder's daemon, or through optillm.
public enum OptillmProxy: String, Sendable, Encodable, CaseIterable {
    case direct
    case ponder
    case optillm
}
