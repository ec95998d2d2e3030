import ArgumentParser
import Foundation
import PonderAllocator
import PonderEngine
import PonderEval

/// `ponder calibrate`: runs the probe and every preset at every budget over a problem set, fits the
/// allocation table the `auto` strategy reads, writes it as YAML and prints a short report.
struct CalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Learn the allocation table for `auto` from graded runs of presets at several budgets.",
        discussion: """
            Runs the probe preset and each preset at each budget (preset@N) over the dataset through the run engine, \
            one run store each under --runs (so an interrupted calibration resumes where it stopped). Then fits \
            difficulty bins on the probe's predicted difficulty, an early-exit rule, and for every (bin, budget) the \
            cheapest configuration within --tolerance of the best, chosen by k-fold cross-validation. With --escalation a \
            tier may instead run the previous tier's cells first and its own only on the answers their candidates are \
            split on, when that is as accurate within --tolerance for fewer tokens. With --rounds R the second look may \
            instead run the previous tier's cell again on fresh seeds, up to R runs in all, pooling their candidates in \
            a verifier-weighted vote while it is split (each configuration below the top budget is also run with R \
            seeds to fit it). Writes the table \
            to --out and the report next to it (.md).
            """)

    @Option(help: ArgumentHelp("The calibration problems: JSONL or CSV with reference answers.", valueName: "file"))
    var dataset: String

    @Option(help: ArgumentHelp("Presets to sweep, comma-separated.", valueName: "a,b,c"))
    var presets: String

    @Option(help: ArgumentHelp("Budgets (samples, paths, particles…) to run each preset at, comma-separated; they become the table's tiers.", valueName: "4,16,64"))
    var budgets: String

    @Option(help: "Difficulty bins (quantile binning).")
    var bins = 5

    @Option(help: "Cross-validation folds.")
    var folds = 2

    @Option(help: ArgumentHelp("quantile (bins of equal size over predicted difficulty, Snell et al.) or absolute (fixed predicted pass rates, Liu et al.).", valueName: "mode"))
    var binning = "quantile"

    @Option(help: ArgumentHelp("With --binning absolute: pass-rate cut points, highest first.", valueName: "0.5,0.1"))
    var passThresholds = "0.5,0.1"

    @Option(help: "Within a bin, take the cheapest configuration whose accuracy is within this of the best.")
    var tolerance = 0.005

    @Option(help: "Partial pooling: pseudo-problems at a configuration's overall accuracy added to its accuracy in each bin.")
    var pooling = 0.0

    @Flag(help: "Let a tier run the previous tier's cells first and its own only on the answers their candidates are split on, when calibration finds that as accurate (within --tolerance) for fewer tokens.")
    var escalation = false

    @Option(help: ArgumentHelp("Let a tier's second look repeat the previous tier's cell up to R times on fresh seeds and answer with the weighted vote of all their candidates, when calibration finds that as accurate (within --tolerance) for fewer tokens; 0 leaves it out.", valueName: "R"))
    var rounds = 0

    @Option(help: "The probe preset (kind: probe).")
    var probe = "probe"

    @Option(help: ArgumentHelp("Where to write the table (YAML).", valueName: "allocation.yaml"))
    var out: String

    @Option(help: ArgumentHelp("Folder for the run stores (default: the table's path with .runs).", valueName: "dir"))
    var runs: String?

    @Option(help: "Problems in flight at once.")
    var concurrency = 8

    @Option(help: ArgumentHelp("How answers are graded (see `ponder run --help`).", valueName: "grader"))
    var grader = "math"

    @Option(help: "Only the first N rows of the dataset.")
    var limit: Int?

    @Option(help: "Seed of the fold assignment.")
    var seed: UInt64 = 0

    @OptionGroup var endpoint: EndpointOptions
    @OptionGroup var embedded: EmbeddedSimOptions

    func validate() throws {
        guard !presetNames.isEmpty else { throw ValidationError("--presets: give at least one preset") }
        guard let budgets = budgetList, !budgets.isEmpty, budgets.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--budgets: positive whole numbers, comma-separated, e.g. 4,16,64")
        }
        guard (1...20).contains(bins) else { throw ValidationError("--bins must be from 1 to 20") }
        guard (2...10).contains(folds) else { throw ValidationError("--folds must be from 2 to 10") }
        guard AllocationTable.Binning(rawValue: binning) != nil else { throw ValidationError("--binning must be quantile or absolute") }
        guard passThresholdList != nil else { throw ValidationError("--pass-thresholds: numbers from 0 to 1, comma-separated") }
        guard (0...1).contains(tolerance) else { throw ValidationError("--tolerance must be from 0 to 1") }
        guard pooling >= 0, pooling.isFinite else { throw ValidationError("--pooling must be a non-negative number") }
        guard rounds == 0 || (2...AllocationTable.Escalation.maxRounds).contains(rounds) else {
            throw ValidationError("--rounds must be 0 (off) or from 2 to \(AllocationTable.Escalation.maxRounds)")
        }
        guard concurrency > 0 else { throw ValidationError("--concurrency must be positive") }
        if let limit, limit <= 0 { throw ValidationError("--limit must be positive") }
        do {
            _ = try GraderSpec(parsing: grader)
        } catch {
            throw ValidationError("--grader: \(error)")
        }
        try embedded.validate(endpoint: endpoint)
    }

    var presetNames: [String] { presets.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    var budgetList: [Int]? {
        let parts = budgets.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        return parts.contains(nil) ? nil : parts.compactMap { $0 }
    }
    var passThresholdList: [Double]? {
        let parts = passThresholds.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        return parts.contains(nil) || parts.isEmpty ? nil : parts.compactMap { $0 }
    }

    func run() async throws {
        try await CommandErrors.reported {
            let spec = try GraderSpec(parsing: grader)
            var data = try DatasetReader.read(file: dataset, defaultGrader: spec).checked(skipBadRows: false)
            if let limit { data.rows = Array(data.rows.prefix(limit)) }
            let folder = runs ?? (out.hasSuffix(".yaml") ? String(out.dropLast(5)) : out) + ".runs"
            let calibration = CalibrationRuns(
                dataset: data, probePreset: probe, presets: presetNames, budgets: budgetList ?? [], folder: folder,
                concurrency: concurrency, grader: spec,
                options: CalibrationOptions(
                    bins: bins, folds: folds, binning: AllocationTable.Binning(rawValue: binning) ?? .quantile,
                    passThresholds: passThresholdList ?? [], tolerance: tolerance, pooling: pooling, seed: seed,
                    escalate: escalation, rounds: rounds))
            let result = try await embedded.withEngine(endpoint: endpoint) { engine in
                try await calibration.run(engine: engine) { FileHandleWriter.standardError($0 + "\n") }
            }
            let reportPath = (out.hasSuffix(".yaml") ? String(out.dropLast(5)) : out) + ".md"
            let header = "# Written by `ponder calibrate`; the report is in \(URL(fileURLWithPath: reportPath).lastPathComponent).\n"
            try (header + (try result.table.yaml())).write(toFile: out, atomically: true, encoding: .utf8)
            try result.report.markdown.write(toFile: reportPath, atomically: true, encoding: .utf8)
            FileHandleWriter.standardOutput(result.report.markdown + "\nTable: \(out)\nReport: \(reportPath)\nRun stores: \(folder)\n")
        }
    }
}
