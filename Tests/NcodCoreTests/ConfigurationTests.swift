import NcodCore
import Testing

@Suite("Configuration layers")
struct ConfigurationTests {
    let file = try! ConfigFile(
        text: """
            # master settings
            database-url = postgres://ncod@db/ncod
            port = 9443
            host = "10.0.0.5"

            """,
        path: "/etc/ncod/master.conf"
    )

    @Test("a flag beats the environment, which beats the file, which beats the default")
    func precedence() throws {
        let layers = ConfigurationLayers(environment: ["NCOD_DATABASE_URL": "from-env.sqlite", "NCOD_PORT": ""], file: file)
        #expect(layers.value("database-url", flag: "flag.sqlite") == "flag.sqlite")
        #expect(layers.value("database-url", flag: nil) == "from-env.sqlite")
        #expect(try layers.integer("port", flag: nil) == 9443, "an empty variable counts as unset")
        #expect(layers.value("host", flag: nil) == "10.0.0.5", "quotes around a value are removed")
        #expect(layers.value("log-level", flag: nil) == nil)
    }

    @Test("environment names follow the flag names")
    func environmentNames() {
        #expect(ConfigurationLayers.environmentName(for: "database-url") == "NCOD_DATABASE_URL")
        #expect(ConfigurationLayers.environmentName(for: "keys-dir") == "NCOD_KEYS_DIR")
    }

    @Test("a malformed line or number is reported with where it is")
    func errors() {
        #expect(throws: ConfigFile.ParseError(description: "/x.conf:2: expected 'key = value', found 'port 8443'")) {
            try ConfigFile(text: "host = a\nport 8443\n", path: "/x.conf")
        }
        let layers = ConfigurationLayers(environment: ["NCOD_PORT": "eighty"])
        #expect(throws: ConfigFile.ParseError(description: "port must be a whole number, got 'eighty'")) { try layers.integer("port", flag: nil) }
    }
}
