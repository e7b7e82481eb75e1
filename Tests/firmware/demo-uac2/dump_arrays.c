/* Prints the demo firmware's arrays as the host compiler laid them out: the tests' independent
   record of what every descriptor set must contain. Our own code. */
#include <stdio.h>
#include "usb_descriptors.c"

static void dump(const char *name, const void *p, size_t n) {
    printf("%s", name);
    for (size_t i = 0; i < n; i++) printf(" %02x", ((const unsigned char *)p)[i]);
    printf("\n");
}

int main(void) {
    dump("demo_desc_device", &demo_desc_device, sizeof demo_desc_device);
    dump("demo_desc_fs_configuration", demo_desc_fs_configuration, sizeof demo_desc_fs_configuration);
    dump("demo_desc_hs_configuration", demo_desc_hs_configuration, sizeof demo_desc_hs_configuration);
    dump("demo_desc_device_qualifier", demo_desc_device_qualifier, sizeof demo_desc_device_qualifier);
    return 0;
}
