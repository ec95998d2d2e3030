import Foundation

/// Paths of the files in `Tests/Fixtures/datasets`.
enum DatasetFixtures {
    static func path(_ name: String) -> String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Datasets/DatasetFixtures.swift under PonderEvalTests
        return parts.joined(separator: "/") + "/Fixtures/datasets/" + name
    }

    /// A fresh file in a temporary folder, removed by the caller's `defer`.
    static func temporaryFile(_ name: String, contents: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-datasets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
