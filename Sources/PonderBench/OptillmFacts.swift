/// What optillm 0.4.0 does with the approaches this benchmark compares, read from its source
/// (`optillm/server.py`, `bon.py`, `self_consistency.py` in the virtualenv `Benchmarks/optillm/setup.sh`
/// makes), so Ponder can be run with the same number of samples.
///
/// - `none` passes the request through: one backend call with the client's parameters.
/// - `self_consistency` draws `selfConsistencySamples` (5, fixed: `AdvancedSelfConsistency.num_samples`
///   has no flag) samples at temperature 1, one request after another, skips any cut off by `max_tokens`,
///   groups them by string similarity (difflib ratio ≥ 0.8, not by answer) and returns the first member of
///   the largest group.
/// - `bon` asks for N samples in one request with `n` (N = `--best-of-n`, default 3), falling back to N
///   requests one after another when the backend refuses `n`, then asks the model to rate each sample
///   0–10 in N more requests, one after another, and returns the first sample with the highest rating
///   (an answer that is not a number rates 0).
/// - Every request builds a new HTTP client (`get_config()`), and the server is Flask's threaded
///   development server (`app.run`), one thread per connection.
public enum OptillmFacts {
    /// optillm's `self_consistency` sample count; it cannot be changed without editing its source.
    public static let selfConsistencySamples = 5
    /// optillm's `bon` default, when `--best-of-n` is not given.
    public static let defaultBestOfN = 3
    /// The version `setup.sh` installs and these facts were read from.
    public static let version = "0.4.0"
}
