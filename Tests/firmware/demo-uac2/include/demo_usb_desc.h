/* Descriptor macros of the demo firmware, in the style real stacks use: each macro expands to the
   bytes of one descriptor, 16-bit fields split low byte first, lengths from the macros' sizes. */
#ifndef DEMO_USB_DESC_H
#define DEMO_USB_DESC_H

#include <stdint.h>

#define U16_LO(x) ((uint8_t)((x) & 0xFF))
#define U16_HI(x) ((uint8_t)(((x) >> 8) & 0xFF))
#define U16_BYTES(x) U16_LO(x), U16_HI(x)
#define U32_BYTES(x) U16_LO(x), U16_HI(x), U16_LO((x) >> 16), U16_HI((x) >> 16)

/* Words in a struct are stored in the CPU's order; USB wants little endian. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define USB_LE16(x) ((uint16_t)((((x) & 0xFF) << 8) | (((x) >> 8) & 0xFF)))
#else
#define USB_LE16(x) ((uint16_t)(x))
#endif

typedef struct __attribute__((packed)) {
    uint8_t  bLength;
    uint8_t  bDescriptorType;
    uint16_t bcdUSB;
    uint8_t  bDeviceClass;
    uint8_t  bDeviceSubClass;
    uint8_t  bDeviceProtocol;
    uint8_t  bMaxPacketSize0;
    uint16_t idVendor;
    uint16_t idProduct;
    uint16_t bcdDevice;
    uint8_t  iManufacturer;
    uint8_t  iProduct;
    uint8_t  iSerialNumber;
    uint8_t  bNumConfigurations;
} demo_device_desc_t;

#define DEMO_CONFIG_LEN      9
#define DEMO_IAD_LEN         8
#define DEMO_ITF_LEN         9
#define DEMO_AC_HEADER_LEN   9
#define DEMO_CLOCK_LEN       8
#define DEMO_IT_LEN          17
#define DEMO_OT_LEN          12
#define DEMO_AS_GENERAL_LEN  16
#define DEMO_FORMAT_LEN      6
#define DEMO_EP_LEN          7
#define DEMO_CS_EP_LEN       8

#define DEMO_DESC_CONFIG(itfs, value, total) \
    DEMO_CONFIG_LEN, 0x02, U16_BYTES(total), itfs, value, 0x00, 0x80, 50
#define DEMO_DESC_IAD(first, count) \
    DEMO_IAD_LEN, 0x0B, first, count, 0x01, 0x00, 0x20, 0x00
#define DEMO_DESC_ITF(num, alt, eps, subclass) \
    DEMO_ITF_LEN, 0x04, num, alt, eps, 0x01, subclass, 0x20, 0x00
#define DEMO_DESC_AC_HEADER(category, total) \
    DEMO_AC_HEADER_LEN, 0x24, 0x01, U16_BYTES(0x0200), category, U16_BYTES(total), 0x00
#define DEMO_DESC_CLOCK(id, attr, ctrl) \
    DEMO_CLOCK_LEN, 0x24, 0x0A, id, attr, ctrl, 0x00, 0x00
#define DEMO_DESC_INPUT_TERMINAL(id, type, clock, channels) \
    DEMO_IT_LEN, 0x24, 0x02, id, U16_BYTES(type), 0x00, clock, channels, U32_BYTES(0), 0x00, U16_BYTES(0), 0x00
#define DEMO_DESC_OUTPUT_TERMINAL(id, type, source, clock) \
    DEMO_OT_LEN, 0x24, 0x03, id, U16_BYTES(type), 0x00, source, clock, U16_BYTES(0), 0x00
#define DEMO_DESC_AS_GENERAL(link, channels) \
    DEMO_AS_GENERAL_LEN, 0x24, 0x01, link, 0x00, 0x01, U32_BYTES(1), channels, U32_BYTES(0), 0x00
#define DEMO_DESC_FORMAT_I(subslot, bits) \
    DEMO_FORMAT_LEN, 0x24, 0x02, 0x01, subslot, bits
#define DEMO_DESC_ISO_EP(addr, attr, size, interval) \
    DEMO_EP_LEN, 0x05, addr, attr, U16_BYTES(size), interval
#define DEMO_DESC_CS_EP() \
    DEMO_CS_EP_LEN, 0x25, 0x01, 0x00, 0x00, 0x00, U16_BYTES(0)

#define DEMO_AC_TOTAL (DEMO_AC_HEADER_LEN + DEMO_CLOCK_LEN + DEMO_IT_LEN + DEMO_OT_LEN)
#define DEMO_CONFIG_TOTAL (DEMO_CONFIG_LEN + DEMO_IAD_LEN + DEMO_ITF_LEN + DEMO_AC_TOTAL + 2 * DEMO_ITF_LEN \
    + DEMO_AS_GENERAL_LEN + DEMO_FORMAT_LEN + DEMO_EP_LEN + DEMO_CS_EP_LEN)

/* One speaker function: clock 4, USB streaming input terminal 1, speaker output terminal 3. */
#define DEMO_AUDIO_FUNCTION(ep_size, ep_interval) \
    DEMO_DESC_IAD(0, 2), \
    DEMO_DESC_ITF(0, 0, 0, 0x01), \
    DEMO_DESC_AC_HEADER(0x01, DEMO_AC_TOTAL), \
    DEMO_DESC_CLOCK(4, 0x01, 0x07), \
    DEMO_DESC_INPUT_TERMINAL(1, 0x0101, 4, DEMO_CHANNELS), \
    DEMO_DESC_OUTPUT_TERMINAL(3, 0x0301, 1, 4), \
    DEMO_DESC_ITF(1, 0, 0, 0x02), \
    DEMO_DESC_ITF(1, 1, 1, 0x02), \
    DEMO_DESC_AS_GENERAL(1, DEMO_CHANNELS), \
    DEMO_DESC_FORMAT_I(DEMO_SUBSLOT, DEMO_BITS), \
    DEMO_DESC_ISO_EP(0x01, 0x09, ep_size, ep_interval), \
    DEMO_DESC_CS_EP()

#endif
