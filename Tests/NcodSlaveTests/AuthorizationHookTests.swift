import Foundation
import NcodCore
import NcodSlave
import Testing

@Suite("ClientAuthorization hook")
struct AuthorizationHookTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let cache = LeaseCache(
        advertisedHostname: "box1",
        leases: [
            KnownLease(vhAddress: "box1.114", passwordMD5: "34819d7beeabb9260a5c854bc85b3e44", holder: "alice", expiresAt: now.addingTimeInterval(30))
        ],
        updatedAt: now)

    struct Unreachable: Error {}

    @Test("the master's answer decides when it can be asked; no password asks for one")
    func online() async {
        let allow = await AuthorizationHook.decide(vhAddress: "box1.114", passwordMD5: "abc", cache: nil, policy: .knownLeases, now: Self.now) {
            .init(allow: true, reason: "lease of alice")
        }
        #expect(allow.status == 1)
        let deny = await AuthorizationHook.decide(vhAddress: "box1.114", passwordMD5: "abc", cache: Self.cache, policy: .knownLeases, now: Self.now) {
            .init(allow: false, reason: "the password does not match")
        }
        #expect(deny.status == 0, "the master's no wins over the cache")
        let ask = await AuthorizationHook.decide(vhAddress: "box1.114", passwordMD5: "", cache: nil, policy: .knownLeases, now: Self.now) {
            .init(allow: false, reason: "no password given")
        }
        #expect(ask.status == 2)
    }

    @Test("without the master: known, unexpired leases only (or nothing, by policy)")
    func offline() async {
        func decide(_ md5: String, _ policy: AuthorizationHook.OfflinePolicy, at now: Date = Self.now) async -> Int32 {
            await AuthorizationHook.decide(vhAddress: "BOX1.114", passwordMD5: md5, cache: Self.cache, policy: policy, now: now) {
                throw Unreachable()
            }.status
        }
        #expect(await decide("34819d7beeabb9260a5c854bc85b3e44", .knownLeases) == 1)
        #expect(await decide("34819D7BEEABB9260A5C854BC85B3E44", .knownLeases) == 1)
        #expect(await decide("0000", .knownLeases) == 0)
        #expect(
            await decide("34819d7beeabb9260a5c854bc85b3e44", .knownLeases, at: Self.now.addingTimeInterval(31)) == 0,
            "an expired known lease admits nobody")
        #expect(await decide("34819d7beeabb9260a5c854bc85b3e44", .deny) == 0)
        #expect(await decide("", .knownLeases) == 2)
    }

    @Test("the device address comes from \\$DEVPATH\\$ and the advertised host name")
    func address() {
        #expect(AuthorizationHook.vhAddress(devpath: "/sys/bus/usb/devices/1-1.4", hostname: "box1") == "box1.114")
        #expect(AuthorizationHook.vhAddress(devpath: "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1.3/1-1.3.2", hostname: "nj") == "nj.1132")
    }
}
