import class Foundation.FileManager
import class Foundation.ProcessInfo

/// Finds the `Strategies/` and `Prompts/` folders: `$PONDER_HOME`, then the working directory, then
/// the source tree this binary was built from (so `swift run` and the built binary work from anywhere
/// on the machine that built them).
public enum ResourceLocator {
    public static func folder(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        var candidates: [String] = []
        if let home = environment["PONDER_HOME"], !home.isEmpty { candidates.append(home + "/" + name) }
        candidates.append(FileManager.default.currentDirectoryPath + "/" + name)
        candidates.append(sourceRoot + "/" + name)
        return candidates.first { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    /// The package root, three levels above this file (Sources/PonderEngine/Presets/).
    static var sourceRoot: String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)
        return parts.joined(separator: "/")
    }
}

import struct Foundation.ObjCBool
