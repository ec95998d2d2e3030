import PonderEngine

/// The preset names a request may use: the loaded presets, and with a library behind them their
/// budget variants (`beam-prm@64`, `auto@16`) that the library accepts.
struct PresetNames: Sendable {
    let names: Set<String>
    let library: PresetLibrary?

    init(_ library: PresetLibrary) {
        names = Set(library.presets.map(\.name))
        self.library = library
    }

    init(_ names: Set<String>) {
        self.names = names
        library = nil
    }

    func contains(_ name: String) -> Bool {
        if names.contains(name) { return true }
        guard name.utf8.contains(UInt8(ascii: "@")), let library else { return false }
        return library.preset(named: name) != nil
    }
}
