/// The `NCOD_*` variables every ncod program knows, so that a misspelt one stops a program instead of being ignored.
///
/// A variable is known when any ncod program declares it (a shell that exports `NCOD_MASTER` for `ncod` may also start
/// `ncod-master`), or when it belongs to ncod's own scripts and tests (``toolingPrefixes``, ``toolingNames``).
public enum NcodEnvironment {
    /// Prefixes of the variables ncod's own scripts, tests and benchmarks pass to the programs they start.
    public static let toolingPrefixes = ["NCOD_TEST_", "NCOD_REQUIRE_", "NCOD_BENCH_", "NCOD_SCHEMATHESIS_", "NCOD_FUZZ_", "NCOD_PACKAGES_"]
    /// Single variables of that kind, and the option variables the systemd units read from /etc/default.
    public static let toolingNames: Set<String> = [
        "NCOD_BIN_DIR", "NCOD_IDLE_TREE", "NCOD_SPEC_VALIDATOR_VERSION", "NCOD_MASTER_OPTIONS", "NCOD_SLAVED_OPTIONS",
    ]

    /// Every variable name a program may meet: every catalog's settings, `NCOD_CONFIG`, and the names above.
    public static var known: Set<String> {
        toolingNames.union(["NCOD_CONFIG"]).union(
            [MasterSettings.catalog, SlavedSettings.catalog, ClientSettings.catalog].flatMap { $0.settings.map(\.environmentName) })
    }

    /// Refuses the first `NCOD_*` variable in `environment` that is not known, naming the nearest known one.
    public static func check(_ environment: [String: String]) throws {
        let known = known
        for name in environment.keys.sorted() where name.hasPrefix("NCOD_") && !known.contains(name) {
            if toolingPrefixes.contains(where: name.hasPrefix) { continue }
            let best = known.map { ($0, SettingsCatalog.distance(name, $0)) }.min { $0.1 < $1.1 }
            let hint = best.map { $0.1 <= max(2, $0.0.count / 4) ? "; did you mean \($0.0)?" : "" } ?? ""
            throw SettingsCatalog.Invalid("the environment sets \(name), which no ncod program reads\(hint)")
        }
    }
}
