/*
 * uac2-rawgadget: present a descriptor set to the real Linux USB host through raw-gadget
 * (/dev/raw-gadget, drivers/usb/gadget/legacy/raw_gadget.c) on dummy_hcd's UDC. Ours, for
 * `uac2 emulate`; runs inside the test VM.
 *
 * usage: uac2-rawgadget DESCRIPTORS.bin [--rates R,R,...] [--clock ID]... [--selector ID]...
 *                       [--feature ID]... [--string N=TEXT]... [--seconds S] [--speed full|high]
 *
 * DESCRIPTORS.bin is the device descriptor followed by one configuration (what sysfs `descriptors`
 * holds). Why raw-gadget and not gadgetfs: gadgetfs (legacy/inode.c, gadgetfs_setup) cuts every IN
 * request's wLength to RBUF_SIZE, 256, before it answers GET_DESCRIPTOR itself, so a longer
 * configuration goes out as exactly 256 bytes in full packets with no short packet and usbcore's
 * read waits until it times out (-110). raw-gadget hands every ep0 request to user space with its
 * wLength untouched, so this program answers all of them, standard ones included:
 *   GET_DESCRIPTOR device / configuration (index 0) / string, exactly the bytes given; qualifier,
 *     other-speed and BOS stalled (the input's are not presented). SET_CONFIGURATION (VBUS_DRAW +
 *     CONFIGURE), GET_CONFIGURATION, SET_INTERFACE / GET_INTERFACE. (dummy_hcd itself answers
 *     SET_ADDRESS, GET_STATUS and SET/CLEAR_FEATURE.)
 *   UAC2 (CUR 0x01 / RANGE 0x02 to an entity): clock source SAM_FREQ CUR/RANGE (the --rates, as
 *     discrete subranges) and SET CUR, CLOCK_VALID CUR = 1; clock selector CUR/SET CUR; feature unit
 *     MUTE CUR and VOLUME CUR/RANGE (-60..0 dB, 1 dB steps).
 *   UAC1 (GET_CUR/MIN/MAX/RES 0x81..0x84, SET_CUR 0x01): feature unit MUTE/VOLUME; endpoint
 *     SAMPLING_FREQ GET/SET CUR (3 bytes).
 * Anything else is stalled, as a device without that control would. No endpoint but ep0 is enabled:
 * snd-usb-audio's probe needs no isochronous data. Every request and its answer is printed
 * ("req ..."), so the report can show what the host asked.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/usb/ch9.h>
#include <linux/usb/raw_gadget.h>
#include <signal.h>
#include <sys/ioctl.h>
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

static int mps0 = 64;

struct ep0_io { struct usb_raw_ep_io io; uint8_t data[16384]; };
static struct ep0_io ep0;

static void stall(int fd) {
    if (ioctl(fd, USB_RAW_IOCTL_EP0_STALL, 0) < 0) printf("  (stall failed: %s)\n", strerror(errno));
}

/* Answer an IN request with data (at most wLength; a short answer that fills whole packets ends
 * with a zero-length packet), or stall (n < 0). */
static void reply_in(int fd, const struct usb_ctrlrequest *s, const uint8_t *data, int n) {
    int w = le16toh(s->wLength);
    printf("req %02x %02x %04x %04x %d -> ", s->bRequestType, s->bRequest, le16toh(s->wValue), le16toh(s->wIndex), w);
    if (n < 0 || w == 0) {
        printf("stall\n");
        stall(fd);
    } else {
        if (n > w) n = w;
        if (n > (int)sizeof ep0.data) n = sizeof ep0.data;
        if (n <= 64) hex(data, n); else { hex(data, 32); printf("... (%d bytes)", n); }
        printf("\n");
        ep0.io.ep = 0;
        ep0.io.flags = (n < w && n % mps0 == 0) ? USB_RAW_IO_FLAGS_ZERO : 0;
        ep0.io.length = (uint32_t)n;
        memcpy(ep0.data, data, (size_t)n);
        if (ioctl(fd, USB_RAW_IOCTL_EP0_WRITE, &ep0) < 0) printf("  (write failed: %s)\n", strerror(errno));
    }
    fflush(stdout);
}

/* OUT request: collect its data stage (or ack a zero-length one), or stall. Returns bytes read. */
static int take_out(int fd, const struct usb_ctrlrequest *s, uint8_t *buf, int stall_it) {
    int w = le16toh(s->wLength), r = 0;
    printf("req %02x %02x %04x %04x %d -> ", s->bRequestType, s->bRequest, le16toh(s->wValue), le16toh(s->wIndex), w);
    if (stall_it) {
        printf("stall\n");
        stall(fd);
    } else {
        ep0.io.ep = 0; ep0.io.flags = 0;
        ep0.io.length = (uint32_t)(w > 512 ? 512 : w);
        r = ioctl(fd, USB_RAW_IOCTL_EP0_READ, &ep0);
        if (r < 0) { printf("read failed: %s\n", strerror(errno)); r = 0; }
        else { memcpy(buf, ep0.data, (size_t)r); printf("ack"); if (r) { printf(" "); hex(buf, r); } printf("\n"); }
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

static void on_alarm(int sig) { (void)sig; }

int main(int argc, char **argv) {
    double seconds = 20;
    int high = 1;
    if (argc < 2) { fprintf(stderr, "usage: uac2-rawgadget DESCRIPTORS.bin [options]\n"); return 64; }
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
        else if (!strcmp(o, "--speed")) high = strcmp(v, "full") != 0;
        else if (!strcmp(o, "--string")) {
            int idx = atoi(v);
            const char *eq = strchr(v, '=');
            if (eq && idx > 0 && idx < MAX_STRINGS) strings[idx] = eq + 1;
        } else { fprintf(stderr, "uac2-rawgadget: unknown option %s\n", o); return 64; }
    }
    if (nrates == 0) rates[nrates++] = 48000;
    cur_rate = rates[0];
    for (int i = 0; i < 256; i++) selector_cur[i] = 1;

    FILE *f = fopen(argv[1], "rb");
    if (!f) { fprintf(stderr, "uac2-rawgadget: %s: %s\n", argv[1], strerror(errno)); return 66; }
    uint8_t desc[16384];
    size_t n = fread(desc, 1, sizeof desc, f);
    fclose(f);
    if (n < 18 + 9 || desc[1] != USB_DT_DEVICE || desc[18 + 1] != USB_DT_CONFIG) {
        fprintf(stderr, "uac2-rawgadget: %s is not a device descriptor followed by a configuration\n", argv[1]);
        return 65;
    }
    size_t cfg = n - 18;
    const uint8_t *config = desc + 18;
    if (desc[7] == 8 || desc[7] == 16 || desc[7] == 32 || desc[7] == 64) mps0 = desc[7];
    int fd = open("/dev/raw-gadget", O_RDWR);
    if (fd < 0) { fprintf(stderr, "uac2-rawgadget: /dev/raw-gadget: %s (raw_gadget.ko loaded?)\n", strerror(errno)); return 69; }
    struct usb_raw_init init;
    memset(&init, 0, sizeof init);
    strcpy((char *)init.driver_name, "dummy_udc");
    strcpy((char *)init.device_name, "dummy_udc.0");
    init.speed = high ? USB_SPEED_HIGH : USB_SPEED_FULL;
    if (ioctl(fd, USB_RAW_IOCTL_INIT, &init) < 0 || ioctl(fd, USB_RAW_IOCTL_RUN, 0) < 0) {
        fprintf(stderr, "uac2-rawgadget: raw-gadget did not start on dummy_udc.0: %s\n", strerror(errno));
        return 69;
    }
    printf("raw-gadget: running on dummy_udc.0 (%zu bytes of configuration)\n", cfg);
    fflush(stdout);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm; /* no SA_RESTART: the blocking ioctl returns EINTR at the deadline */
    sigaction(SIGALRM, &sa, NULL);
    alarm((unsigned)(seconds + 0.5));
    int configuration = 0;
    uint8_t alt_of[256] = {0};
    for (;;) {
        struct { struct usb_raw_event e; struct usb_ctrlrequest ctrl; } ev;
        memset(&ev, 0, sizeof ev);
        ev.e.length = sizeof ev.ctrl;
        if (ioctl(fd, USB_RAW_IOCTL_EVENT_FETCH, &ev) < 0) {
            if (errno == EINTR) break;
            printf("event fetch failed: %s\n", strerror(errno));
            break;
        }
        if (ev.e.type == USB_RAW_EVENT_CONNECT) { printf("event connect\n"); fflush(stdout); continue; }
        if (ev.e.type != USB_RAW_EVENT_CONTROL) continue;
        const struct usb_ctrlrequest *s = &ev.ctrl;
        int type = s->bRequestType & USB_TYPE_MASK, in = s->bRequestType & USB_DIR_IN;
        int dt = le16toh(s->wValue) >> 8, index = le16toh(s->wValue) & 0xff;
        uint8_t b[512];
        if (type == USB_TYPE_CLASS) class_request(fd, s);
        else if (type != USB_TYPE_STANDARD) { if (in) reply_in(fd, s, NULL, -1); else take_out(fd, s, b, 1); }
        else switch (s->bRequest) {
        case USB_REQ_GET_DESCRIPTOR:
            if (dt == USB_DT_DEVICE) reply_in(fd, s, desc, 18);
            else if (dt == USB_DT_CONFIG && index == 0) reply_in(fd, s, config, (int)cfg);
            else if (dt == USB_DT_STRING) string_desc(fd, s);
            else reply_in(fd, s, NULL, -1); /* qualifier, other-speed, BOS, config index > 0 */
            break;
        case USB_REQ_SET_CONFIGURATION: {
            int value = le16toh(s->wValue) & 0xff;
            if (value != 0 && value != config[5]) { take_out(fd, s, b, 1); break; }
            if (value) {
                if (ioctl(fd, USB_RAW_IOCTL_VBUS_DRAW, (unsigned long)config[8] * 2) < 0) printf("  (vbus_draw: %s)\n", strerror(errno));
                if (ioctl(fd, USB_RAW_IOCTL_CONFIGURE, 0) < 0) printf("  (configure: %s)\n", strerror(errno));
            }
            configuration = value;
            memset(alt_of, 0, sizeof alt_of);
            take_out(fd, s, b, 0);
            break;
        }
        case USB_REQ_GET_CONFIGURATION: b[0] = (uint8_t)configuration; reply_in(fd, s, b, 1); break;
        case USB_REQ_SET_INTERFACE: alt_of[le16toh(s->wIndex) & 0xff] = (uint8_t)le16toh(s->wValue); take_out(fd, s, b, 0); break;
        case USB_REQ_GET_INTERFACE: b[0] = alt_of[le16toh(s->wIndex) & 0xff]; reply_in(fd, s, b, 1); break;
        default: if (in) reply_in(fd, s, NULL, -1); else take_out(fd, s, b, 1); break;
        }
        fflush(stdout);
    }
    close(fd);
    return 0;
}
