#!/usr/bin/env python3
"""Writes the umockdev fixtures of the libusb collector test (run it again after changing the devices below).

usb.umockdev   a root hub, a hub at 1-1, a CodeMeter dongle at 1-1.4 (strings in Chinese and English) and an FTDI cable
               at 1-1.2 (no serial), as umockdev-record would describe them
strings.pcap   the usbmon capture umockdev replays for 1-1.4's string descriptors: the language list (4 bytes), then
               strings 1, 2, 3 (255 bytes asked), in the order the collector asks for them
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
PCI = "/devices/pci0000:00/0000:00:14.0"

# name, devnum, vid, pid, class, speed, (manufacturer, product, serial)
DEVICES = [
    ("1-1.4", 3, 0x064F, 0x2AF9, 0x00, "12", ("WIBU-SYSTEMS AG", "CodeMeter 加密狗", "3-4812731")),
    ("1-1.2", 4, 0x0403, 0x6001, 0x00, "12", ("FTDI", "FT232R USB UART", None)),
    ("1-1", 2, 0x05E3, 0x0608, 0x09, "480", (None, "USB2.0 Hub", None)),
    ("usb1", 1, 0x1D6B, 0x0002, 0x09, "480", ("Linux Foundation", "EHCI Host Controller", "0000:00:14.0")),
]


def sysfs_path(name):
    if name == "usb1":
        return PCI + "/usb1"
    parts = name.split(".")
    path = PCI + "/usb1/" + parts[0]
    for i in range(1, len(parts)):
        path += "/" + ".".join(parts[: i + 1])
    return path


def descriptors(vid, pid, cls, strings):
    indexes = [i + 1 if s else 0 for i, s in enumerate(strings)]
    device = struct.pack("<BBHBBBBHHHBBBB", 18, 1, 0x0200, cls, 0, 0, 64, vid, pid, 0x0100, *indexes, 1)
    config = struct.pack("<BBHBBBBB", 9, 2, 25, 1, 1, 0, 0x80, 50)
    interface = struct.pack("<BBBBBBBBB", 9, 4, 0, 0, 1, 0x09 if cls == 0x09 else 0xFF, 0, 0, 0)
    endpoint = struct.pack("<BBBBHB", 7, 5, 0x81, 3, 8, 10)
    return (device + config + interface + endpoint).hex()


def umockdev():
    blocks = []
    for name, devnum, vid, pid, cls, speed, strings in DEVICES:
        lines = [
            "P: " + sysfs_path(name),
            "N: bus/usb/001/%03d" % devnum,
            "E: BUSNUM=001",
            "E: DEVNAME=/dev/bus/usb/001/%03d" % devnum,
            "E: DEVNUM=%03d" % devnum,
            "E: DEVTYPE=usb_device",
            "E: DRIVER=usb",
            "E: MAJOR=189",
            "E: MINOR=%d" % (devnum - 1),
            "E: PRODUCT=%x/%x/100" % (vid, pid),
            "E: SUBSYSTEM=usb",
            "E: TYPE=%d/0/0" % cls,
            "A: busnum=1\\n",
            "A: devnum=%d\\n" % devnum,
            "A: devpath=%s\\n" % ("0" if name == "usb1" else name.split("-", 1)[1]),
            "A: speed=%s\\n" % speed,
            "A: idVendor=%04x\\n" % vid,
            "A: idProduct=%04x\\n" % pid,
            "A: bcdDevice=0100\\n",
            "A: bDeviceClass=%02x\\n" % cls,
            "A: bNumConfigurations=1\\n",
            "A: bConfigurationValue=1\\n",
            "A: maxchild=%d\\n" % (4 if cls == 0x09 else 0),
        ]
        manufacturer, product, serial = strings
        if manufacturer:
            lines.append("A: manufacturer=%s\\n" % manufacturer)
        if product:
            lines.append("A: product=%s\\n" % product)
        if serial:
            lines.append("A: serial=%s\\n" % serial)
        lines.append("H: descriptors=" + descriptors(vid, pid, cls, strings))
        blocks.append("\n".join(lines))
    with open(os.path.join(HERE, "usb.umockdev"), "w", encoding="utf-8") as out:
        out.write("\n\n".join(blocks) + "\n")


def packet(urb, kind, devnum, setup, data, length, status):
    header = struct.pack(
        "<QBBBBHbbqiiII8siiII",
        urb, ord(kind), 2, 0x80, devnum, 1,
        0 if setup else ord("-"), ord("<") if kind == "S" else 0,
        1_700_000_000, urb * 10, status, length, len(data),
        setup or b"\0" * 8, 0, 0, 0, 0,
    )
    return header + data


def pcap():
    name, devnum, vid, pid, cls, speed, strings = DEVICES[0]
    exchanges = [(0, 0, 4, bytes([4, 3, 0x09, 0x04]))]
    for index, text in enumerate(strings, start=1):
        if text:
            encoded = text.encode("utf-16-le")
            exchanges.append((index, 0x0409, 255, bytes([2 + len(encoded), 3]) + encoded))
    records = b""
    for urb, (index, language, asked, answer) in enumerate(exchanges, start=1):
        setup = struct.pack("<BBHHH", 0x80, 6, 0x0300 | index, language, asked)
        for frame in (packet(urb, "S", devnum, setup, b"", asked, -115), packet(urb, "C", devnum, None, answer, len(answer), 0)):
            records += struct.pack("<IIII", 1_700_000_000, urb, len(frame), len(frame)) + frame
    with open(os.path.join(HERE, "strings.pcap"), "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 220) + records)


if __name__ == "__main__":
    umockdev()
    pcap()
    print("wrote usb.umockdev and strings.pcap; the pcap belongs to", sysfs_path(DEVICES[0][0]))
