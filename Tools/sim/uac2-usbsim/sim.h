/*
 * uac2-usbsim: a simulated USB Audio Class 2 device for libusb, on umockdev's ioctl handler
 * API. Real libusb in the child process talks to it through real system calls (open, ioctl)
 * that libumockdev-preload forwards to this process over a socket.
 */
#ifndef UAC2_USBSIM_H
#define UAC2_USBSIM_H

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <umockdev.h>

#define SIM_MAX_IFACES 16
#define SIM_MAX_ALTS 8
#define SIM_MAX_EPS 4
#define SIM_MAX_CLOCKS 16
#define SIM_MAX_RATES 16

typedef struct {
    uint8_t address;         /* bEndpointAddress */
    uint8_t attributes;      /* bmAttributes */
    uint16_t max_packet;     /* wMaxPacketSize bits 10..0 */
    uint8_t mult;            /* 1 + bits 12..11 */
    uint8_t interval;        /* bInterval */
    int is_feedback;         /* usage type 01 (explicit feedback) */
} SimEndpoint;

typedef struct {
    int present;
    uint8_t nr_channels;     /* AS_GENERAL bNrChannels */
    uint8_t subslot;         /* FORMAT_TYPE_I bSubslotSize */
    uint8_t terminal_link;   /* AS_GENERAL bTerminalLink */
    int n_eps;
    SimEndpoint eps[SIM_MAX_EPS];
} SimAlt;

typedef struct {
    int present;
    uint8_t klass, subclass;
    int n_alts;
    SimAlt alts[SIM_MAX_ALTS];
    int cur_alt;
    int driver_bound;        /* "snd-usb-audio" bound (simulated kernel driver) */
    int claimed;             /* claimed through usbfs by the client */
} SimIface;

enum { CLK_SOURCE = 0x0a, CLK_SELECTOR = 0x0b, CLK_MULTIPLIER = 0x0c };

typedef struct {
    uint8_t id;
    uint8_t subtype;         /* CLK_SOURCE / CLK_SELECTOR */
    uint8_t controls;        /* bmControls */
    uint8_t attributes;      /* clock source bmAttributes */
    uint8_t nr_pins;         /* selector */
    uint8_t pins[8];
    /* configurable behaviour */
    uint32_t cur;            /* SAM_FREQ CUR, or selector CUR (1-based) */
    int valid;               /* CLOCK_VALID CUR */
    int n_rates;
    uint32_t rates[SIM_MAX_RATES];
    uint8_t *range_raw;      /* if set, reply this to GET RANGE instead */
    int range_raw_len;
    int stall_cur, stall_range, stall_valid, hang_range;
} SimClock;

typedef struct {
    /* descriptors */
    uint8_t *blob;
    size_t blob_len;
    uint8_t *config;         /* points into blob */
    size_t config_len;
    uint16_t vid, pid;
    int speed;               /* 12 or 480 (Mbit/s) */
    int busnum, devnum;
    SimIface ifaces[SIM_MAX_IFACES];
    SimClock clocks[SIM_MAX_CLOCKS];
    int n_clocks;
    int ac_iface;
    /* behaviour */
    double ppm;
    int feedback_bytes_override;  /* 0 = by speed */
    int feedback_frac_bits;       /* 0 = by speed (14 at full, 16 at high); else 14 or 16 */
    int unplugged;
    /* bookkeeping for the report */
    GString *log;
    GMutex lock;
} SimDevice;

int sim_load_descriptors(SimDevice *dev, const char *path, GError **error);
int sim_parse(SimDevice *dev, GError **error);
SimClock *sim_clock(SimDevice *dev, uint8_t id);
/* Streaming rate of the clock that feeds a terminal: follows selectors to a source. */
uint32_t sim_stream_rate(SimDevice *dev);
void sim_log(SimDevice *dev, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Control request on endpoint 0. Returns bytes of reply (IN) / accepted (OUT), -1 = stall,
 * -2 = never answer (host times out). */
int sim_control(SimDevice *dev, const uint8_t setup[8], uint8_t *data, int data_len);

UMockdevIoctlBase *sim_ioctl_handler_new(SimDevice *dev);
void sim_iso_reset_endpoint(uint8_t address);
void sim_unplug_urbs(void);

#endif
