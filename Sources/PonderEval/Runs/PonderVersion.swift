/// The version recorded in every run store, so a result can be traced to the code that produced it.
public enum PonderVersion {
    public static let current = "0.1.0"
}
