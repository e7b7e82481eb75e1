#include <libusb.h>

/* Swift does not import flexible array members; reach the iso packet descriptors here. */
static inline struct libusb_iso_packet_descriptor *uac2_iso_packet(struct libusb_transfer *t, int i)
{
    return &t->iso_packet_desc[i];
}
