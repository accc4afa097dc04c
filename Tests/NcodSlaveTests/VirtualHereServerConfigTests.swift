import Foundation
import NcodCore
import NcodSlave
import NcodTestSupport
import Testing

@Suite("VirtualHere server config.ini")
struct VirtualHereServerConfigTests {
    static let original = """
        [General]
        # keep this comment
        ServerName=Old Name
        License=1a2b3c4d,1,MCwCFQCexampleLicenseKeyThatMustNotChange==
        clientauthorization=/old/auth.sh "$PASSWORD$"
        DeviceNicknames=Vive Camera,0bb4,2c87,1122
        HostName=oldhost
        hostname=duplicate
        IgnoredBuses=1-1.2
        TCPPort=7575

        """

    @Test("ncod's keys are rewritten in place; every other line, License above all, stays byte for byte")
    func preservesOtherLines() {
        var config = VirtualHereServerConfig(text: Self.original)
        for (key, value) in VirtualHereServerConfig.ownedValues(serverName: "上海实验室", hostname: "box1", daemonPath: "/usr/local/bin/ncod-slaved") {
            config.set(key, to: value)
        }
        let expected = """
            [General]
            # keep this comment
            ServerName=上海实验室
            License=1a2b3c4d,1,MCwCFQCexampleLicenseKeyThatMustNotChange==
            ClientAuthorization=/usr/local/bin/ncod-slaved authorize "$VENDOR_ID$" "$PRODUCT_ID$" "$CLIENT_ID$" "$CLIENT_IP$" "$PRODUCT_SERIAL$" "$PASSWORD$" "$DEVPATH$" "$NICKNAME$" "$NUM_BINDINGS$"
            DeviceNicknames=Vive Camera,0bb4,2c87,1122
            Hostname=box1
            IgnoredBuses=1-1.2
            TCPPort=7575
            onBind=/usr/local/bin/ncod-slaved hook bind "$ADDRESS$" "$VENDOR_ID$" "$PRODUCT_ID$" "$DEVPATH$" "$CLIENT_ID$" "$CLIENT_IP$"
            onUnbind=/usr/local/bin/ncod-slaved hook unbind "$ADDRESS$" "$VENDOR_ID$" "$PRODUCT_ID$" "$DEVPATH$" "$CLIENT_ID$" "$CLIENT_IP$"

            """
        #expect(config.text == expected)
        #expect(config.value("license") == "1a2b3c4d,1,MCwCFQCexampleLicenseKeyThatMustNotChange==")

        var again = config
        for (key, value) in VirtualHereServerConfig.ownedValues(serverName: "上海实验室", hostname: "box1", daemonPath: "/usr/local/bin/ncod-slaved") {
            again.set(key, to: value)
        }
        #expect(again == config, "applying twice changes nothing")
    }

    @Test("Windows line ends and a missing file are handled")
    func edges() {
        #expect(VirtualHereServerConfig(text: "License=abc\r\nServerName=x\r\n").value("servername") == "x")
        var empty = VirtualHereServerConfig(text: "")
        empty.set("Hostname", to: "box1")
        #expect(empty.text == "Hostname=box1\n")
    }

    @Test("ncod-slaved vh-config writes the file and keeps the license")
    func command() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-vh-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/config.ini"
        try Self.original.write(toFile: path, atomically: true, encoding: .utf8)
        let result = ProcessRunner.run(
            RepositoryPaths.executable("ncod-slaved"), ["vh-config", "--vh-config", path, "--hostname", "box1", "--force"],
            environment: ["NCOD_CONFIG": "/dev/null"]
        )
        #expect(result.status == 0, "\(result.stderr)")
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.contains("License=1a2b3c4d,1,MCwCFQCexampleLicenseKeyThatMustNotChange==\n"))
        #expect(written.contains("ClientAuthorization=/usr/bin/ncod-slaved authorize "))
        #expect(!written.contains("/old/auth.sh"))
    }
}
