// libusb-1.0 for Swift (Debian: libusb-1.0-0-dev). The only place that includes libusb.h.
#include <libusb-1.0/libusb.h>
