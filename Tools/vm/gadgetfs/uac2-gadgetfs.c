/*
 * uac2-gadgetfs: present a descriptor set to the real Linux USB host through gadgetfs (ours, for
 * `uac2 emulate`; runs inside the test VM on dummy_hcd's UDC).
 *
 * usage: uac2-gadgetfs DESCRIPTORS.bin [--rates R,R,...] [--clock ID]... [--selector ID]...
 *                      [--feature ID]... [--string N=TEXT]... [--seconds S] [--full-speed-only 1]
 *
 * DESCRIPTORS.bin is the device descriptor followed by one configuration (what sysfs `descriptors`
 * holds). gadgetfs answers GET_DESCRIPTOR device/configuration and SET_CONFIGURATION itself; every
 * other control request reaches us as a SETUP event on ep0 and is answered here from the model:
 *   UAC2 (CUR 0x01 / RANGE 0x02 to an entity): clock source SAM_FREQ CUR/RANGE (the --rates, as
 *     discrete subranges) and SET CUR, CLOCK_VALID CUR = 1; clock selector CUR/SET CUR; feature unit
 *     MUTE CUR and VOLUME CUR/RANGE (-60..0 dB, 1 dB steps).
 *   UAC1 (GET_CUR/MIN/MAX/RES 0x81..0x84, SET_CUR 0x01): feature unit MUTE/VOLUME; endpoint
 *     SAMPLING_FREQ GET/SET CUR (3 bytes).
 *   SET_INTERFACE: acknowledged. String descriptors: from --string, else "uac2 emulate".
 * Anything else is stalled, as a device without that control would. Every request and its answer
 * is printed ("req ..."), so the report can show what the host asked.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/usb/ch9.h>
#include <linux/usb/gadgetfs.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_IDS 64
#define MAX_RATES 32
#define MAX_STRINGS 32

static int clocks[MAX_IDS], nclocks, selectors[MAX_IDS], nselectors, features[MAX_IDS], nfeatures;
static uint32_t rates[MAX_RATES];
static int nrates;
static uint32_t cur_rate;
static int selector_cur[256];
static int16_t volume_cur[256];
static uint8_t mute_cur[256];
static const char *strings[MAX_STRINGS];

static int has(const int *list, int n, int id) {
    for (int i = 0; i < n; i++) if (list[i] == id) return 1;
    return 0;
}

static void hex(const uint8_t *b, int n) {
    for (int i = 0; i < n; i++) printf("%02x", b[i]);
}

/* Answer an IN request with data, or stall (n < 0). */
static void reply_in(int fd, const struct usb_ctrlrequest *s, const uint8_t *data, int n) {
    int w = le16toh(s->wLength);
    printf("req %02x %02x %04x %04x %d -> ", s->bRequestType, s->bRequest, le16toh(s->wValue), le16toh(s->wIndex), w);
    if (n < 0) {
        printf("stall\n");
        (void)!read(fd, NULL, 0); /* a read during an IN data stage stalls ep0 */
    } else {
        if (n > w) n = w;
        hex(data, n);
        printf("\n");
        if (write(fd, data, n) < 0) printf("  (write failed: %s)\n", strerror(errno));
    }
    fflush(stdout);
}

/* OUT request: collect its data stage (or ack a zero-length one), or stall. Returns bytes read. */
static int take_out(int fd, const struct usb_ctrlrequest *s, uint8_t *buf, int stall) {
    int w = le16toh(s->wLength), r = 0;
    printf("req %02x %02x %04x %04x %d -> ", s->bRequestType, s->bRequest, le16toh(s->wValue), le16toh(s->wIndex), w);
    if (stall && w == 0) {
        printf("stall\n");
        (void)!write(fd, NULL, 0);
    } else {
        r = read(fd, buf, w);
        if (r < 0) { printf("read failed: %s\n", strerror(errno)); r = 0; }
        else { printf("ack"); if (r) { printf(" "); hex(buf, r); } printf("\n"); }
    }
    fflush(stdout);
    return r;
}

static int offered(uint32_t r) {
    for (int i = 0; i < nrates; i++) if (rates[i] == r) return 1;
    return 0;
}

static void le(uint8_t *b, uint32_t v, int n) { for (int i = 0; i < n; i++) b[i] = (uint8_t)(v >> (8 * i)); }

static void string_desc(int fd, const struct usb_ctrlrequest *s) {
    uint8_t b[256];
    int idx = le16toh(s->wValue) & 0xff;
    if (idx == 0) { b[0] = 4; b[1] = USB_DT_STRING; b[2] = 0x09; b[3] = 0x04; reply_in(fd, s, b, 4); return; }
    const char *t = idx < MAX_STRINGS && strings[idx] ? strings[idx] : "uac2 emulate";
    int n = 2;
    for (const char *p = t; *p && n < 254; p++) { b[n++] = (uint8_t)*p; b[n++] = 0; }
    b[0] = (uint8_t)n; b[1] = USB_DT_STRING;
    reply_in(fd, s, b, n);
}

static void class_request(int fd, const struct usb_ctrlrequest *s) {
    uint8_t b[512];
    int in = s->bRequestType & USB_DIR_IN, recip = s->bRequestType & USB_RECIP_MASK;
    int cs = le16toh(s->wValue) >> 8, entity = le16toh(s->wIndex) >> 8, req = s->bRequest;
    memset(b, 0, sizeof b);
    if (recip == USB_RECIP_ENDPOINT) {
        /* UAC1 SAMPLING_FREQ_CONTROL on an endpoint (cs 1), 3 bytes */
        if (cs == 1 && in && req == 0x81) { le(b, cur_rate, 3); reply_in(fd, s, b, 3); return; }
        if (cs == 1 && !in && req == 0x01) {
            int n = take_out(fd, s, b, 0);
            uint32_t r = n >= 3 ? (uint32_t)(b[0] | b[1] << 8 | b[2] << 16) : 0;
            if (r && offered(r)) cur_rate = r;
            return;
        }
    } else if (recip == USB_RECIP_INTERFACE && entity != 0) {
        if (has(clocks, nclocks, entity)) {
            if (cs == 1 && in && req == 0x01) { le(b, cur_rate, 4); reply_in(fd, s, b, 4); return; }
            if (cs == 1 && in && req == 0x02) {
                b[0] = (uint8_t)nrates; b[1] = (uint8_t)(nrates >> 8);
                for (int i = 0; i < nrates; i++) { le(b + 2 + 12 * i, rates[i], 4); le(b + 6 + 12 * i, rates[i], 4); }
                reply_in(fd, s, b, 2 + 12 * nrates); return;
            }
            if (cs == 1 && !in && req == 0x01) {
                int n = take_out(fd, s, b, 0);
                uint32_t r = n >= 4 ? (uint32_t)(b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24) : 0;
                if (r && offered(r)) cur_rate = r;
                return;
            }
            if (cs == 2 && in && req == 0x01) { b[0] = 1; reply_in(fd, s, b, 1); return; }
        } else if (has(selectors, nselectors, entity)) {
            if (cs == 1 && in && (req == 0x01 || req == 0x81)) { b[0] = (uint8_t)selector_cur[entity]; reply_in(fd, s, b, 1); return; }
            if (!in && req == 0x01) { if (take_out(fd, s, b, 0) >= 1) selector_cur[entity] = b[0]; return; }
        } else if (has(features, nfeatures, entity)) {
            int16_t v = 0;
            if (cs == 1 && in && (req == 0x01 || req == 0x81)) { b[0] = mute_cur[entity]; reply_in(fd, s, b, 1); return; }
            if (cs == 2 && in) {
                switch (req) {
                case 0x01: case 0x81: v = volume_cur[entity]; break;       /* CUR */
                case 0x82: v = (int16_t)0xC400; break;                      /* UAC1 MIN -60 dB */
                case 0x83: v = 0; break;                                    /* MAX 0 dB */
                case 0x84: v = 0x0100; break;                               /* RES 1 dB */
                case 0x02:                                                  /* UAC2 RANGE */
                    b[0] = 1; le(b + 2, 0xC400, 2); le(b + 4, 0, 2); le(b + 6, 0x0100, 2);
                    reply_in(fd, s, b, 8); return;
                default: reply_in(fd, s, b, -1); return;
                }
                le(b, (uint16_t)v, 2); reply_in(fd, s, b, 2); return;
            }
            if (!in && req == 0x01) {
                int n = take_out(fd, s, b, 0);
                if (cs == 1 && n >= 1) mute_cur[entity] = b[0];
                if (cs == 2 && n >= 2) volume_cur[entity] = (int16_t)(b[0] | b[1] << 8);
                return;
            }
        }
    }
    if (in) reply_in(fd, s, b, -1); else take_out(fd, s, b, 1);
}

static void parse_ids(int *list, int *n, const char *arg) {
    if (*n < MAX_IDS) list[(*n)++] = atoi(arg);
}

int main(int argc, char **argv) {
    double seconds = 20;
    int full_speed_only = 0;
    if (argc < 2) { fprintf(stderr, "usage: uac2-gadgetfs DESCRIPTORS.bin [options]\n"); return 64; }
    for (int i = 2; i + 1 < argc; i += 2) {
        const char *o = argv[i], *v = argv[i + 1];
        if (!strcmp(o, "--rates")) {
            char *copy = strdup(v), *tok, *save = NULL;
            for (tok = strtok_r(copy, ",", &save); tok && nrates < MAX_RATES; tok = strtok_r(NULL, ",", &save))
                rates[nrates++] = (uint32_t)strtoul(tok, NULL, 10);
        } else if (!strcmp(o, "--clock")) parse_ids(clocks, &nclocks, v);
        else if (!strcmp(o, "--selector")) parse_ids(selectors, &nselectors, v);
        else if (!strcmp(o, "--feature")) parse_ids(features, &nfeatures, v);
        else if (!strcmp(o, "--seconds")) seconds = atof(v);
        else if (!strcmp(o, "--full-speed-only")) full_speed_only = atoi(v);
        else if (!strcmp(o, "--string")) {
            int idx = atoi(v);
            const char *eq = strchr(v, '=');
            if (eq && idx > 0 && idx < MAX_STRINGS) strings[idx] = eq + 1;
        } else { fprintf(stderr, "uac2-gadgetfs: unknown option %s\n", o); return 64; }
    }
    if (nrates == 0) rates[nrates++] = 48000;
    cur_rate = rates[0];
    for (int i = 0; i < 256; i++) selector_cur[i] = 1;

    FILE *f = fopen(argv[1], "rb");
    if (!f) { fprintf(stderr, "uac2-gadgetfs: %s: %s\n", argv[1], strerror(errno)); return 66; }
    uint8_t desc[16384];
    size_t n = fread(desc, 1, sizeof desc, f);
    fclose(f);
    if (n < 18 + 9 || desc[1] != USB_DT_DEVICE || desc[18 + 1] != USB_DT_CONFIG) {
        fprintf(stderr, "uac2-gadgetfs: %s is not a device descriptor followed by a configuration\n", argv[1]);
        return 65;
    }
    size_t cfg = n - 18;
    /* gadgetfs takes: tag 0, the full-speed configuration, the high-speed one, the device descriptor.
     * The same configuration serves both speeds: the bus speed (dummy_hcd is_high_speed) decides
     * which one the host reads, and it reads exactly the bytes given. */
    static uint8_t buf[4 + 2 * 16384 + 18];
    memset(buf, 0, 4);
    size_t len = 4;
    memcpy(buf + len, desc + 18, cfg); len += cfg;
    if (!full_speed_only) { memcpy(buf + len, desc + 18, cfg); len += cfg; }
    memcpy(buf + len, desc, 18); len += 18;
    int fd = open("/dev/gadget/dummy_udc", O_RDWR);
    if (fd < 0) { fprintf(stderr, "uac2-gadgetfs: /dev/gadget/dummy_udc: %s (gadgetfs mounted?)\n", strerror(errno)); return 69; }
    if (write(fd, buf, len) < 0) {
        fprintf(stderr, "uac2-gadgetfs: gadgetfs refused the descriptors: %s\n", strerror(errno));
        return 65;
    }
    printf("gadgetfs: descriptors accepted (%zu bytes of configuration)\n", cfg);
    fflush(stdout);

    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &t);
        double left = seconds - ((t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9);
        if (left <= 0) break;
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (poll(&p, 1, (int)(left * 1000) + 1) <= 0) continue;
        struct usb_gadgetfs_event ev[4];
        ssize_t r = read(fd, ev, sizeof ev);
        if (r < 0) { if (errno == EINTR || errno == EAGAIN || errno == EIDRM) continue; break; }
        for (int i = 0; i < (int)(r / sizeof ev[0]); i++) {
            const struct usb_ctrlrequest *s = &ev[i].u.setup;
            switch (ev[i].type) {
            case GADGETFS_CONNECT: printf("event connect, speed %d\n", ev[i].u.speed); break;
            case GADGETFS_DISCONNECT: printf("event disconnect\n"); break;
            case GADGETFS_SUSPEND: printf("event suspend\n"); break;
            case GADGETFS_SETUP:
                if ((s->bRequestType & USB_TYPE_MASK) == USB_TYPE_CLASS) class_request(fd, s);
                else if (s->bRequest == USB_REQ_GET_DESCRIPTOR && (le16toh(s->wValue) >> 8) == USB_DT_STRING) string_desc(fd, s);
                else if (s->bRequest == USB_REQ_SET_INTERFACE || s->bRequest == USB_REQ_SET_CONFIGURATION) {
                    uint8_t b[8]; take_out(fd, s, b, 0);
                } else if (s->bRequestType & USB_DIR_IN) reply_in(fd, s, NULL, -1);
                else { uint8_t b[8]; take_out(fd, s, b, 1); }
                break;
            default: break;
            }
            fflush(stdout);
        }
    }
    close(fd);
    return 0;
}
