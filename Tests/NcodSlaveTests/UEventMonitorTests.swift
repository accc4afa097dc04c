import NcodSlave
import Testing

@Suite("Kernel uevents")
struct UEventMonitorTests {
    /// A uevent as the kernel sends it for a plugged device: the header, then NUL-separated fields.
    static let plugged = [
        "add@/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1.4", "ACTION=add", "DEVPATH=/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1.4",
        "SUBSYSTEM=usb", "MAJOR=189", "MINOR=3", "DEVNAME=bus/usb/001/004", "DEVTYPE=usb_device", "PRODUCT=64f/2af9/100", "TYPE=0/0/0",
        "BUSNUM=001", "DEVNUM=004", "SEQNUM=4213",
    ]

    @Test("a USB device coming or going wakes the daemon; interfaces, binds and other subsystems do not")
    func filter() {
        #expect(UEventMonitor.isUSBDeviceChange(Self.plugged))
        #expect(UEventMonitor.isUSBDeviceChange(Self.plugged.map { $0.replacingOccurrences(of: "add", with: "remove") }))
        #expect(!UEventMonitor.isUSBDeviceChange(Self.plugged.map { $0 == "DEVTYPE=usb_device" ? "DEVTYPE=usb_interface" : $0 }))
        #expect(!UEventMonitor.isUSBDeviceChange(Self.plugged.map { $0 == "ACTION=add" ? "ACTION=bind" : $0 }))
        #expect(!UEventMonitor.isUSBDeviceChange(["ACTION=add", "SUBSYSTEM=block", "DEVTYPE=disk"]))
    }
}
