/* Demo UAC2 firmware descriptors, written for uac2's tests: a struct-initialized device descriptor,
   separate full- and high-speed configuration arrays built from macros, a device qualifier, and an
   other-speed buffer the firmware fills at run time (as TinyUSB does). Our own code. */
#include "demo_usb_config.h"
#include "demo_usb_desc.h"

const demo_device_desc_t demo_desc_device = {
    .bLength            = sizeof(demo_device_desc_t),
    .bDescriptorType    = 0x01,
    .bcdUSB             = USB_LE16(0x0200),
    .bDeviceClass       = 0xEF,
    .bDeviceSubClass    = 0x02,
    .bDeviceProtocol    = 0x01,
    .bMaxPacketSize0    = 64,
    .idVendor           = USB_LE16(0x1209),
    .idProduct          = USB_LE16(0x0001),
    .bcdDevice          = USB_LE16(0x0100),
    .iManufacturer      = 1,
    .iProduct           = 2,
    .iSerialNumber      = 3,
    .bNumConfigurations = 1,
};

/* Full speed: 1 ms frames; the endpoint is capped at the full-speed maximum of 1023 bytes. */
const uint8_t demo_desc_fs_configuration[] = {
    DEMO_DESC_CONFIG(2, 1, DEMO_CONFIG_TOTAL),
    DEMO_AUDIO_FUNCTION(1023, 1),
};

/* High speed: 125 us microframes, 7 samples x 12 channels x 2 bytes = 168 bytes. */
const uint8_t demo_desc_hs_configuration[] = {
    DEMO_DESC_CONFIG(2, 1, DEMO_CONFIG_TOTAL),
    DEMO_AUDIO_FUNCTION((DEMO_RATE / 8000 + 1) * DEMO_CHANNELS * DEMO_SUBSLOT, 1),
};

const uint8_t demo_desc_device_qualifier[] = {
    10, 0x06, U16_BYTES(0x0200), 0xEF, 0x02, 0x01, 64, 1, 0,
};

/* Filled at run time from the configuration of the other speed: no bytes in the image. */
uint8_t demo_desc_other_speed_config[DEMO_CONFIG_TOTAL];

/* A pointer table: relocations in an object file, nothing to do with descriptors. */
const char *const demo_string_table[] = { "uac2 demo", "Demo Speaker", "0001" };

#if DEMO_MCU == DEMO_MCU_CORTEX_M
/* What a linked image needs besides data: an entry point. */
void Reset_Handler(void) { for (;;) { } }
#endif
