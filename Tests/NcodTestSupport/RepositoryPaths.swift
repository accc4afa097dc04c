import Foundation

/// Where things are in the checkout the tests run from.
public enum RepositoryPaths {
    /// The package root (the folder holding Package.swift).
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// Folder of the built executables: `NCOD_BIN_DIR`, or the debug build folder.
    public static var binaries: String {
        if let dir = ProcessInfo.processInfo.environment["NCOD_BIN_DIR"], !dir.isEmpty { return dir }
        return root + "/.build/debug"
    }

    /// Full path of one of the package's executables.
    public static func executable(_ name: String) -> String { binaries + "/" + name }
}
