/*
 * usbdevfs ioctls of the simulated device, answered in umockdev's ioctl handler thread.
 * Control URBs complete at once (or never, to test host timeouts). Isochronous URBs are
 * scheduled like a host controller does: packets occupy consecutive service intervals on the
 * bus clock (CLOCK_MONOTONIC here), and an URB can be reaped once its last interval is over.
 * IN data packets carry the frames the device's sample clock (rate·(1+ppm/1e6)) produced in
 * that interval; feedback packets carry that rate in 10.14 (full speed) or 16.16 (high speed).
 */
#include "sim.h"

#include <errno.h>
#include <sys/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <string.h>
#include <time.h>

typedef struct {
    UMockdevIoctlData *urb;      /* resolved struct usbdevfs_urb (+ iso descriptors) */
    UMockdevIoctlData *buf;      /* resolved transfer buffer */
    int type;
    uint8_t ep;
    int64_t done_ns;             /* reapable from this bus time */
    int64_t start_ns, interval_ns;
    int status;                  /* forced status (discard, unplug), or 0 */
    int never;                   /* hangs until discarded */
} Pending;

static SimDevice *g_dev;
static GList *pending;           /* of Pending*, in submission order */
static GMutex plock;
static int64_t next_free_ns[32]; /* per endpoint: bus time the next packet may use */
static int64_t clock_epoch_ns[32];
static long double out_frames[32];

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int ep_index(uint8_t address) { return (address & 0x0f) | ((address & 0x80) ? 16 : 0); }

void sim_iso_reset_endpoint(uint8_t address)
{
    int i = ep_index(address);
    next_free_ns[i] = 0;
    clock_epoch_ns[i] = now_ns();
    out_frames[i] = 0;
}

/* The endpoint in the current alternate setting of some claimed interface, with its alt. */
static SimEndpoint *active_ep(uint8_t address, SimAlt **alt_out)
{
    for (int n = 0; n < SIM_MAX_IFACES; n++) {
        SimIface *f = &g_dev->ifaces[n];
        if (!f->present)
            continue;
        SimAlt *a = &f->alts[f->cur_alt];
        for (int e = 0; e < a->n_eps; e++)
            if (a->eps[e].address == address) {
                if (alt_out)
                    *alt_out = a;
                return &a->eps[e];
            }
    }
    return NULL;
}

static int64_t interval_ns(const SimEndpoint *ep)
{
    int bi = ep->interval < 1 ? 1 : ep->interval > 16 ? 16 : ep->interval;
    int64_t unit = g_dev->speed >= 480 ? 125000 : 1000000;
    return unit << (bi - 1);
}

/* Device sample clock: frames produced since the alt setting was selected, at bus time t. */
static long double device_frames(uint8_t address, int64_t t)
{
    uint32_t rate = sim_stream_rate(g_dev);
    long double secs = (long double)(t - clock_epoch_ns[ep_index(address)]) / 1e9L;
    return secs * rate * (1.0L + (long double)g_dev->ppm / 1e6L);
}

static void fill_iso(Pending *p)
{
    struct usbdevfs_urb *urb = (struct usbdevfs_urb *)p->urb->data;
    SimAlt *alt = NULL;
    SimEndpoint *ep = active_ep(p->ep, &alt);
    int total = 0;
    int in = p->ep & 0x80;
    for (int k = 0; k < urb->number_of_packets; k++) {
        struct usbdevfs_iso_packet_desc *d = &urb->iso_frame_desc[k];
        int64_t b = p->start_ns + k * p->interval_ns, e = b + p->interval_ns;
        d->status = 0;
        d->actual_length = 0;
        if (!ep) {
            d->status = -EXDEV;
            continue;
        }
        if (in && ep->is_feedback) {
            /* Frames per (micro)frame, i.e. per 125 µs or 1 ms bus frame. */
            uint32_t rate = sim_stream_rate(g_dev);
            long double per = (long double)rate * (1.0L + (long double)g_dev->ppm / 1e6L) /
                              (g_dev->speed >= 480 ? 8000.0L : 1000.0L);
            int bytes = g_dev->feedback_bytes_override ? g_dev->feedback_bytes_override
                                                       : (g_dev->speed >= 480 ? 4 : 3);
            /* Fraction bits follow the speed (10.14 at full, 16.16 at high) unless configured
             * otherwise, to reproduce firmware that sends the wrong format. */
            int frac = g_dev->feedback_frac_bits ? g_dev->feedback_frac_bits : (g_dev->speed >= 480 ? 16 : 14);
            uint32_t v = (uint32_t)(per * (long double)(1u << frac) + 0.5L);
            int n = bytes < (int)d->length ? bytes : (int)d->length;
            for (int i = 0; i < n; i++)
                ((uint8_t *)p->buf->data)[total + i] = v >> (8 * i);
            d->actual_length = n;
        } else if (in) {
            int fb = (alt && alt->nr_channels && alt->subslot) ? alt->nr_channels * alt->subslot : 4;
            int64_t frames = (int64_t)device_frames(p->ep, e) - (int64_t)device_frames(p->ep, b);
            int64_t bytes = frames * fb;
            if (bytes > (int64_t)d->length) {
                bytes = d->length - d->length % fb;
                d->status = -EOVERFLOW;   /* babble: the device had more than fits */
            }
            memset((uint8_t *)p->buf->data + total, 0, bytes);
            d->actual_length = (int)bytes;
        } else {
            int fb = (alt && alt->nr_channels && alt->subslot) ? alt->nr_channels * alt->subslot : 4;
            out_frames[ep_index(p->ep)] += (long double)d->length / fb;
            d->actual_length = d->length;
        }
        total += d->length;
    }
    urb->actual_length = 0;
    for (int k = 0; k < urb->number_of_packets; k++)
        urb->actual_length += urb->iso_frame_desc[k].actual_length;
    urb->error_count = 0;
    urb->status = 0;
}

static gboolean submit(UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
    GError *err = NULL;
    UMockdevIoctlData *urbd = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), &err);
    if (!urbd) {
        g_clear_error(&err);
        umockdev_ioctl_client_complete(client, -1, EFAULT);
        return TRUE;
    }
    struct usbdevfs_urb *urb = (struct usbdevfs_urb *)urbd->data;
    if (urb->type == USBDEVFS_URB_TYPE_ISO) {
        int n = urb->number_of_packets;
        if (n < 1 || n > 1024) {
            g_object_unref(urbd);
            umockdev_ioctl_client_complete(client, -1, EINVAL);
            return TRUE;
        }
        /* The iso descriptors follow the URB header; grow the resolved block to hold them. */
        gsize want = sizeof(struct usbdevfs_urb) + n * sizeof(struct usbdevfs_iso_packet_desc);
        urbd->data = g_realloc(urbd->data, want);
        urbd->data_len = want;
        if (!umockdev_ioctl_data_reload(urbd, &err)) {
            g_clear_error(&err);
            g_object_unref(urbd);
            umockdev_ioctl_client_complete(client, -1, EFAULT);
            return TRUE;
        }
        urb = (struct usbdevfs_urb *)urbd->data;
    }
    UMockdevIoctlData *bufd = NULL;
    if (urb->buffer_length > 0)
        bufd = umockdev_ioctl_data_resolve(urbd, G_STRUCT_OFFSET(struct usbdevfs_urb, buffer),
                                           urb->buffer_length, &err);
    g_clear_error(&err);
    if (urb->buffer_length > 0 && !bufd) {
        g_object_unref(urbd);
        umockdev_ioctl_client_complete(client, -1, EFAULT);
        return TRUE;
    }

    if (g_dev->unplugged) {
        g_clear_object(&bufd);
        g_object_unref(urbd);
        umockdev_ioctl_client_complete(client, -1, ENODEV);
        return TRUE;
    }

    Pending *p = g_new0(Pending, 1);
    p->urb = urbd;
    p->buf = bufd;
    p->type = urb->type;
    p->ep = urb->endpoint;
    int64_t now = now_ns();

    if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
        if (urb->buffer_length < 8) {
            umockdev_ioctl_client_complete(client, -1, EINVAL);
            g_clear_object(&p->buf);
            g_object_unref(p->urb);
            g_free(p);
            return TRUE;
        }
        uint8_t *b = (uint8_t *)bufd->data;
        /* usbfs checks the recipient interface: it must be claimed, or claimable. */
        uint8_t recip = b[0] & 0x1f;
        if ((b[0] & 0x60) != 0x40 && recip == 1) {
            uint8_t n = b[4];
            if (n < SIM_MAX_IFACES && g_dev->ifaces[n].present && !g_dev->ifaces[n].claimed) {
                if (g_dev->ifaces[n].driver_bound) {
                    sim_log(g_dev, "control to interface %u refused: EBUSY (bound to snd-usb-audio)", n);
                    umockdev_ioctl_client_complete(client, -1, EBUSY);
                    g_clear_object(&p->buf);
                    g_object_unref(p->urb);
                    g_free(p);
                    return TRUE;
                }
                g_dev->ifaces[n].claimed = 1;   /* the kernel claims it for the caller */
            }
        }
        int r = sim_control(g_dev, b, b + 8, urb->buffer_length - 8);
        urb->actual_length = r > 0 ? r : 0;
        urb->status = r == -1 ? -EPIPE : 0;
        p->never = r == -2;
        p->done_ns = now;
    } else if (urb->type == USBDEVFS_URB_TYPE_ISO) {
        SimEndpoint *ep = active_ep(urb->endpoint, NULL);
        if (!ep) {
            umockdev_ioctl_client_complete(client, -1, ENOENT);
            g_clear_object(&p->buf);
            g_object_unref(p->urb);
            g_free(p);
            return TRUE;
        }
        int i = ep_index(urb->endpoint);
        p->interval_ns = interval_ns(ep);
        /* ASAP scheduling: after the endpoint's queued packets, or from the next interval. */
        int64_t first = ((now / p->interval_ns) + 1) * p->interval_ns;
        p->start_ns = next_free_ns[i] > first ? next_free_ns[i] : first;
        p->done_ns = p->start_ns + urb->number_of_packets * p->interval_ns;
        next_free_ns[i] = p->done_ns;
    } else {
        /* Bulk/interrupt: the simulated device has none; answer like a stalled endpoint. */
        urb->status = -EPIPE;
        urb->actual_length = 0;
        p->done_ns = now;
    }
    g_mutex_lock(&plock);
    pending = g_list_append(pending, p);
    g_mutex_unlock(&plock);
    umockdev_ioctl_client_complete(client, 0, 0);
    return TRUE;
}

static gboolean reap(UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
    int64_t now = now_ns();
    Pending *hit = NULL;
    g_mutex_lock(&plock);
    for (GList *l = pending; l; l = l->next) {
        Pending *p = l->data;
        if (p->status || (!p->never && p->done_ns <= now)) {
            if (!hit || p->status || p->done_ns < hit->done_ns) {
                hit = p;
                if (p->status)
                    break;
            }
        }
    }
    if (hit)
        pending = g_list_remove(pending, hit);
    g_mutex_unlock(&plock);

    if (!hit) {
        umockdev_ioctl_client_complete(client, -1, g_dev->unplugged ? ENODEV : EAGAIN);
        return TRUE;
    }
    struct usbdevfs_urb *urb = (struct usbdevfs_urb *)hit->urb->data;
    if (hit->status) {
        urb->status = hit->status;
        if (hit->type == USBDEVFS_URB_TYPE_ISO)
            for (int k = 0; k < urb->number_of_packets; k++) {
                urb->iso_frame_desc[k].status = hit->status;
                urb->iso_frame_desc[k].actual_length = 0;
            }
        urb->actual_length = 0;
    } else if (hit->type == USBDEVFS_URB_TYPE_ISO) {
        fill_iso(hit);
    }
    GError *err = NULL;
    UMockdevIoctlData *ptr = umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), &err);
    g_clear_error(&err);
    if (ptr) {
        umockdev_ioctl_data_set_ptr(ptr, 0, hit->urb);
        g_object_unref(ptr);
    }
    umockdev_ioctl_client_complete(client, 0, 0);
    g_clear_object(&hit->buf);
    g_object_unref(hit->urb);
    g_free(hit);
    return TRUE;
}

static gboolean discard(UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
    gulong addr = *(gulong *)arg->data;
    int found = 0;
    g_mutex_lock(&plock);
    for (GList *l = pending; l; l = l->next) {
        Pending *p = l->data;
        if (p->urb->client_addr == addr && !p->status) {
            p->status = -ENOENT;
            found = 1;
            break;
        }
    }
    g_mutex_unlock(&plock);
    umockdev_ioctl_client_complete(client, found ? 0 : -1, found ? 0 : EINVAL);
    return TRUE;
}

void sim_unplug_urbs(void)
{
    g_mutex_lock(&plock);
    for (GList *l = pending; l; l = l->next) {
        Pending *p = l->data;
        if (!p->status)
            p->status = -ESHUTDOWN;
    }
    g_mutex_unlock(&plock);
}

static void drop_urbs_of_iface(SimIface *f)
{
    SimAlt *a = &f->alts[f->cur_alt];
    g_mutex_lock(&plock);
    for (GList *l = pending; l; l = l->next) {
        Pending *p = l->data;
        for (int e = 0; e < a->n_eps; e++)
            if (p->ep == a->eps[e].address && !p->status)
                p->status = -ENOENT;  /* usb_set_interface kills the endpoint's URBs */
    }
    g_mutex_unlock(&plock);
}

static SimIface *iface_arg(UMockdevIoctlData *arg, unsigned int *num)
{
    GError *err = NULL;
    UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(unsigned int), &err);
    g_clear_error(&err);
    if (!d)
        return NULL;
    *num = *(unsigned int *)d->data;
    g_object_unref(d);
    return *num < SIM_MAX_IFACES && g_dev->ifaces[*num].present ? &g_dev->ifaces[*num] : NULL;
}

static gboolean handle_ioctl(UMockdevIoctlBase *base, UMockdevIoctlClient *client, gpointer user)
{
    (void)base;
    (void)user;
    gulong request = umockdev_ioctl_client_get_request(client);
    UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
    GError *err = NULL;
    unsigned int num = 0;
    SimIface *f;

    if (request == USBDEVFS_REAPURB || request == USBDEVFS_REAPURBNDELAY)
        return reap(client, arg);
    if (request == USBDEVFS_DISCARDURB)
        return discard(client, arg);
    if (g_dev->unplugged) {
        umockdev_ioctl_client_complete(client, -1, ENODEV);
        return TRUE;
    }

    switch (request) {
    case USBDEVFS_GET_CAPABILITIES: {
        UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), &err);
        g_clear_error(&err);
        if (d) {
            *(guint32 *)d->data = USBDEVFS_CAP_BULK_SCATTER_GATHER | USBDEVFS_CAP_BULK_CONTINUATION |
                                  USBDEVFS_CAP_NO_PACKET_SIZE_LIM | USBDEVFS_CAP_REAP_AFTER_DISCONNECT |
                                  USBDEVFS_CAP_ZERO_PACKET;
            g_object_unref(d);
        }
        umockdev_ioctl_client_complete(client, 0, 0);
        return TRUE;
    }
    case USBDEVFS_GET_SPEED:
        umockdev_ioctl_client_complete(client, g_dev->speed >= 480 ? 3 : 2, 0);
        return TRUE;
    case USBDEVFS_CONNECTINFO: {
        UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_connectinfo), &err);
        g_clear_error(&err);
        if (d) {
            struct usbdevfs_connectinfo *ci = (struct usbdevfs_connectinfo *)d->data;
            ci->devnum = g_dev->devnum;
            ci->slow = 0;
            g_object_unref(d);
        }
        umockdev_ioctl_client_complete(client, 0, 0);
        return TRUE;
    }
    case USBDEVFS_SUBMITURB:
        return submit(client, arg);
    case USBDEVFS_SETCONFIGURATION:
        sim_log(g_dev, "set configuration");
        umockdev_ioctl_client_complete(client, 0, 0);
        return TRUE;
    case USBDEVFS_CLAIMINTERFACE:
        f = iface_arg(arg, &num);
        if (!f) {
            umockdev_ioctl_client_complete(client, -1, ENOENT);
        } else if (f->driver_bound) {
            sim_log(g_dev, "claim interface %u: EBUSY (bound to snd-usb-audio)", num);
            umockdev_ioctl_client_complete(client, -1, EBUSY);
        } else {
            f->claimed = 1;
            sim_log(g_dev, "claim interface %u", num);
            umockdev_ioctl_client_complete(client, 0, 0);
        }
        return TRUE;
    case USBDEVFS_RELEASEINTERFACE:
        f = iface_arg(arg, &num);
        if (f) {
            f->claimed = 0;
            sim_log(g_dev, "release interface %u (alt %d)", num, f->cur_alt);
        }
        umockdev_ioctl_client_complete(client, f ? 0 : -1, f ? 0 : EINVAL);
        return TRUE;
    case USBDEVFS_SETINTERFACE: {
        UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_setinterface), &err);
        g_clear_error(&err);
        if (!d) {
            umockdev_ioctl_client_complete(client, -1, EFAULT);
            return TRUE;
        }
        struct usbdevfs_setinterface si = *(struct usbdevfs_setinterface *)d->data;
        g_object_unref(d);
        f = si.interface < SIM_MAX_IFACES && g_dev->ifaces[si.interface].present ? &g_dev->ifaces[si.interface] : NULL;
        if (!f || si.altsetting >= (unsigned)f->n_alts || !f->alts[si.altsetting].present) {
            sim_log(g_dev, "set interface %u alt %u: EINVAL", si.interface, si.altsetting);
            umockdev_ioctl_client_complete(client, -1, EINVAL);
            return TRUE;
        }
        if (!f->claimed && f->driver_bound) {
            umockdev_ioctl_client_complete(client, -1, EBUSY);
            return TRUE;
        }
        f->claimed = 1;
        drop_urbs_of_iface(f);
        f->cur_alt = si.altsetting;
        SimAlt *a = &f->alts[f->cur_alt];
        for (int e = 0; e < a->n_eps; e++)
            sim_iso_reset_endpoint(a->eps[e].address);
        sim_log(g_dev, "set interface %u alt %u", si.interface, si.altsetting);
        umockdev_ioctl_client_complete(client, 0, 0);
        return TRUE;
    }
    case USBDEVFS_GETDRIVER: {
        UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_getdriver), &err);
        g_clear_error(&err);
        if (!d) {
            umockdev_ioctl_client_complete(client, -1, EFAULT);
            return TRUE;
        }
        struct usbdevfs_getdriver *gd = (struct usbdevfs_getdriver *)d->data;
        f = gd->interface < SIM_MAX_IFACES && g_dev->ifaces[gd->interface].present ? &g_dev->ifaces[gd->interface] : NULL;
        if (f && (f->driver_bound || f->claimed)) {
            g_strlcpy(gd->driver, f->driver_bound ? "snd-usb-audio" : "usbfs", sizeof gd->driver);
            umockdev_ioctl_client_complete(client, 0, 0);
        } else {
            umockdev_ioctl_client_complete(client, -1, f ? ENODATA : EINVAL);
        }
        g_object_unref(d);
        return TRUE;
    }
    case USBDEVFS_IOCTL: {
        UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_ioctl), &err);
        g_clear_error(&err);
        if (!d) {
            umockdev_ioctl_client_complete(client, -1, EFAULT);
            return TRUE;
        }
        struct usbdevfs_ioctl io = *(struct usbdevfs_ioctl *)d->data;
        g_object_unref(d);
        f = io.ifno >= 0 && io.ifno < SIM_MAX_IFACES && g_dev->ifaces[io.ifno].present ? &g_dev->ifaces[io.ifno] : NULL;
        if (!f) {
            umockdev_ioctl_client_complete(client, -1, EINVAL);
        } else if (io.ioctl_code == (int)USBDEVFS_DISCONNECT) {
            if (!f->driver_bound) {
                umockdev_ioctl_client_complete(client, -1, ENODATA);
            } else {
                f->driver_bound = 0;
                sim_log(g_dev, "detach kernel driver interface %d", io.ifno);
                umockdev_ioctl_client_complete(client, 0, 0);
            }
        } else if (io.ioctl_code == (int)USBDEVFS_CONNECT) {
            if (f->claimed) {
                umockdev_ioctl_client_complete(client, -1, EBUSY);
            } else {
                f->driver_bound = 1;
                sim_log(g_dev, "attach kernel driver interface %d", io.ifno);
                umockdev_ioctl_client_complete(client, 1, 0);
            }
        } else {
            umockdev_ioctl_client_complete(client, -1, ENOTTY);
        }
        return TRUE;
    }
    case USBDEVFS_DISCONNECT_CLAIM:
        /* Let libusb fall back to GETDRIVER + DISCONNECT + CLAIM, which we log one by one. */
        umockdev_ioctl_client_complete(client, -1, ENOTTY);
        return TRUE;
    case USBDEVFS_CLEAR_HALT:
    case USBDEVFS_RESETEP:
        umockdev_ioctl_client_complete(client, 0, 0);
        return TRUE;
    default:
        umockdev_ioctl_client_complete(client, -1, ENOTTY);
        return TRUE;
    }
}

UMockdevIoctlBase *sim_ioctl_handler_new(SimDevice *dev)
{
    g_dev = dev;
    UMockdevIoctlBase *h = umockdev_ioctl_base_new();
    g_signal_connect_after(h, "handle-ioctl", G_CALLBACK(handle_ioctl), NULL);
    return h;
}
