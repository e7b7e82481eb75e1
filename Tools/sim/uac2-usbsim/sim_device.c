/* Descriptor model of the simulated device and its answers on endpoint 0. */
#include "sim.h"

#include <stdarg.h>
#include <string.h>

void sim_log(SimDevice *dev, const char *fmt, ...)
{
    va_list ap;
    static GMutex log_lock;
    va_start(ap, fmt);
    g_mutex_lock(&log_lock);
    g_string_append_vprintf(dev->log, fmt, ap);
    g_string_append_c(dev->log, '\n');
    g_mutex_unlock(&log_lock);
    va_end(ap);
}

/* Raw blob (device descriptor followed by the configuration descriptor), or, for *.hex
 * files, the same bytes as hex text with '#' comments. */
int sim_load_descriptors(SimDevice *dev, const char *path, GError **error)
{
    gchar *contents = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &contents, &len, error))
        return -1;
    if (g_str_has_suffix(path, ".hex")) {
        GByteArray *out = g_byte_array_new();
        int nibble = -1;
        for (gsize i = 0; i < len; i++) {
            char c = contents[i];
            if (c == '#') {
                while (i < len && contents[i] != '\n')
                    i++;
                continue;
            }
            if (g_ascii_isspace(c))
                continue;
            int v = g_ascii_xdigit_value(c);
            if (v < 0) {
                g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: not hex at byte %zu", path, (size_t)i);
                g_byte_array_free(out, TRUE);
                g_free(contents);
                return -1;
            }
            if (nibble < 0)
                nibble = v;
            else {
                guint8 b = (guint8)(nibble << 4 | v);
                g_byte_array_append(out, &b, 1);
                nibble = -1;
            }
        }
        g_free(contents);
        dev->blob_len = out->len;
        dev->blob = g_byte_array_free(out, FALSE);
    } else {
        dev->blob = (uint8_t *)contents;
        dev->blob_len = len;
    }
    return 0;
}

SimClock *sim_clock(SimDevice *dev, uint8_t id)
{
    for (int i = 0; i < dev->n_clocks; i++)
        if (dev->clocks[i].id == id)
            return &dev->clocks[i];
    return NULL;
}

int sim_parse(SimDevice *dev, GError **error)
{
    const uint8_t *b = dev->blob;
    if (dev->blob_len < 18 + 9 || b[0] != 18 || b[1] != 1 || b[18] != 9 || b[19] != 2) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "descriptors must start with an 18-byte device descriptor and a configuration descriptor");
        return -1;
    }
    dev->vid = b[8] | b[9] << 8;
    dev->pid = b[10] | b[11] << 8;
    dev->config = dev->blob + 18;
    size_t total = dev->config[2] | dev->config[3] << 8;
    dev->config_len = total <= dev->blob_len - 18 ? total : dev->blob_len - 18;
    dev->ac_iface = -1;

    SimIface *iface = NULL;
    SimAlt *alt = NULL;
    for (size_t off = 0; off + 2 <= dev->config_len;) {
        const uint8_t *d = dev->config + off;
        uint8_t len = d[0], type = d[1];
        if (len < 2 || off + len > dev->config_len) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "bad bLength %u at config offset %zu", len, off);
            return -1;
        }
        if (type == 4 && len >= 9) {
            uint8_t n = d[2], a = d[3];
            if (n >= SIM_MAX_IFACES || a >= SIM_MAX_ALTS) {
                iface = NULL;
                alt = NULL;
            } else {
                iface = &dev->ifaces[n];
                iface->present = 1;
                iface->klass = d[5];
                iface->subclass = d[6];
                if (a + 1 > iface->n_alts)
                    iface->n_alts = a + 1;
                alt = &iface->alts[a];
                alt->present = 1;
                if (d[5] == 1 && d[6] == 1 && dev->ac_iface < 0)
                    dev->ac_iface = n;
            }
        } else if (type == 0x24 && iface && alt && len >= 3) {
            uint8_t sub = d[2];
            if (iface->klass == 1 && iface->subclass == 1) {
                if ((sub == CLK_SOURCE && len >= 8) || (sub == CLK_SELECTOR && len >= 7)) {
                    if (dev->n_clocks < SIM_MAX_CLOCKS) {
                        SimClock *c = &dev->clocks[dev->n_clocks++];
                        memset(c, 0, sizeof *c);
                        c->id = d[3];
                        c->subtype = sub;
                        if (sub == CLK_SOURCE) {
                            c->attributes = d[4];
                            c->controls = d[5];
                            c->valid = 1;
                        } else {
                            c->nr_pins = d[4] < 8 ? d[4] : 8;
                            memcpy(c->pins, d + 5, c->nr_pins);
                            c->controls = 5u + d[4] < len ? d[5 + d[4]] : 0;
                            c->cur = 1;
                        }
                    }
                }
            } else if (iface->klass == 1 && iface->subclass == 2) {
                if (sub == 1 && len >= 16) {
                    alt->terminal_link = d[3];
                    alt->nr_channels = d[10];
                } else if (sub == 2 && len >= 6) {
                    alt->subslot = d[4];
                }
            }
        } else if (type == 5 && alt && len >= 7 && alt->n_eps < SIM_MAX_EPS) {
            SimEndpoint *ep = &alt->eps[alt->n_eps++];
            uint16_t mps = d[4] | d[5] << 8;
            ep->address = d[2];
            ep->attributes = d[3];
            ep->max_packet = mps & 0x7ff;
            ep->mult = 1 + ((mps >> 11) & 3);
            ep->interval = d[6];
            ep->is_feedback = ((d[3] >> 4) & 3) == 1;
        }
        off += len;
    }
    return 0;
}

uint32_t sim_stream_rate(SimDevice *dev)
{
    /* Start at the first selector if any (it sits between terminals and sources). */
    SimClock *c = NULL;
    for (int i = 0; i < dev->n_clocks; i++)
        if (dev->clocks[i].subtype == CLK_SELECTOR) {
            c = &dev->clocks[i];
            break;
        }
    for (int hops = 0; c && c->subtype == CLK_SELECTOR && hops < 8; hops++) {
        if (c->cur < 1 || c->cur > c->nr_pins)
            return 0;
        c = sim_clock(dev, c->pins[c->cur - 1]);
    }
    if (!c)
        for (int i = 0; i < dev->n_clocks; i++)
            if (dev->clocks[i].subtype == CLK_SOURCE) {
                c = &dev->clocks[i];
                break;
            }
    return c ? c->cur : 0;
}

static int reply(uint8_t *data, int data_len, int wlength, const uint8_t *src, int n)
{
    int k = n < wlength ? n : wlength;
    if (k > data_len)
        k = data_len;
    memcpy(data, src, k);
    return k;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

static int standard_request(SimDevice *dev, const uint8_t *s, uint8_t *data, int data_len)
{
    uint8_t rt = s[0], req = s[1];
    uint16_t wValue = s[2] | s[3] << 8, wIndex = s[4] | s[5] << 8, wLength = s[6] | s[7] << 8;
    if (rt == 0x80 && req == 6) {
        uint8_t type = wValue >> 8, idx = wValue & 0xff;
        if (type == 1)
            return reply(data, data_len, wLength, dev->blob, 18);
        if (type == 2 && idx == 0)
            return reply(data, data_len, wLength, dev->config, (int)dev->config_len);
        if (type == 3) {
            uint8_t buf[64];
            if (idx == 0) {
                const uint8_t langs[] = { 4, 3, 0x09, 0x04 };
                return reply(data, data_len, wLength, langs, 4);
            }
            /* The blob has no strings; name them after the simulator, never after a vendor. */
            char text[28];
            int n = snprintf(text, sizeof text, "uac2-usbsim string %u", idx);
            buf[0] = 2 + 2 * n;
            buf[1] = 3;
            for (int i = 0; i < n; i++) {
                buf[2 + 2 * i] = text[i];
                buf[3 + 2 * i] = 0;
            }
            return reply(data, data_len, wLength, buf, buf[0]);
        }
        if (type == 6 && dev->speed == 480) {
            const uint8_t *d = dev->blob;
            uint8_t q[10] = { 10, 6, d[2], d[3], d[4], d[5], d[6], d[7], 1, 0 };
            return reply(data, data_len, wLength, q, 10);
        }
        return -1;
    }
    if (rt == 0x80 && req == 0) {
        const uint8_t st[2] = { 0, 0 };
        return reply(data, data_len, wLength, st, 2);
    }
    if (rt == 0x80 && req == 8) {
        const uint8_t cfg = 1;
        return reply(data, data_len, wLength, &cfg, 1);
    }
    if (rt == 0x81 && req == 0x0a && wIndex < SIM_MAX_IFACES && dev->ifaces[wIndex].present) {
        uint8_t alt = dev->ifaces[wIndex].cur_alt;
        return reply(data, data_len, wLength, &alt, 1);
    }
    if ((rt & 0x80) == 0)
        return 0;
    return -1;
}

static const char *req_name(uint8_t r) { return r == 1 ? "CUR" : r == 2 ? "RANGE" : "?"; }

static int class_request(SimDevice *dev, const uint8_t *s, uint8_t *data, int data_len)
{
    uint8_t rt = s[0], req = s[1];
    uint16_t wValue = s[2] | s[3] << 8, wIndex = s[4] | s[5] << 8, wLength = s[6] | s[7] << 8;
    uint8_t cs = wValue >> 8, entity = wIndex >> 8;
    int in = rt & 0x80;
    SimClock *c = (rt & 0x1f) == 1 ? sim_clock(dev, entity) : NULL;
    if (!c) {
        sim_log(dev, "control %s %s entity %u cs %u: stall (no such clock entity)", in ? "GET" : "SET", req_name(req), entity, cs);
        return -1;
    }
    if (c->subtype == CLK_SOURCE && cs == 1) {        /* SAM_FREQ_CONTROL */
        if ((c->controls & 3) == 0) {
            sim_log(dev, "control %s %s SAM_FREQ clock %u: stall (control not present)", in ? "GET" : "SET", req_name(req), c->id);
            return -1;
        }
        if (in && req == 1) {
            if (c->stall_cur) { sim_log(dev, "control GET CUR SAM_FREQ clock %u: stall (configured)", c->id); return -1; }
            uint8_t v[4];
            put32(v, c->cur);
            sim_log(dev, "control GET CUR SAM_FREQ clock %u: %u", c->id, c->cur);
            return reply(data, data_len, wLength, v, 4);
        }
        if (in && req == 2) {
            if (c->hang_range) { sim_log(dev, "control GET RANGE SAM_FREQ clock %u: no answer (configured)", c->id); return -2; }
            if (c->stall_range) { sim_log(dev, "control GET RANGE SAM_FREQ clock %u: stall (configured)", c->id); return -1; }
            if (c->range_raw) {
                sim_log(dev, "control GET RANGE SAM_FREQ clock %u: %d raw bytes (configured), wLength %u", c->id, c->range_raw_len, wLength);
                return reply(data, data_len, wLength, c->range_raw, c->range_raw_len);
            }
            uint8_t v[2 + 12 * SIM_MAX_RATES];
            v[0] = c->n_rates;
            v[1] = 0;
            for (int i = 0; i < c->n_rates; i++) {
                put32(v + 2 + 12 * i, c->rates[i]);
                put32(v + 6 + 12 * i, c->rates[i]);
                put32(v + 10 + 12 * i, 0);
            }
            sim_log(dev, "control GET RANGE SAM_FREQ clock %u: %d subranges, wLength %u", c->id, c->n_rates, wLength);
            return reply(data, data_len, wLength, v, 2 + 12 * c->n_rates);
        }
        if (!in && req == 1 && data_len >= 4) {
            uint32_t f = data[0] | data[1] << 8 | data[2] << 16 | (uint32_t)data[3] << 24;
            int ok = (c->controls & 3) == 3 && !c->stall_cur;
            if (ok && c->n_rates) {
                ok = 0;
                for (int i = 0; i < c->n_rates; i++)
                    ok |= c->rates[i] == f;
            }
            sim_log(dev, "control SET CUR SAM_FREQ clock %u: %u %s", c->id, f, ok ? "accepted" : "stall");
            if (!ok)
                return -1;
            c->cur = f;
            return 4;
        }
    }
    if (c->subtype == CLK_SOURCE && cs == 2 && in && req == 1) {  /* CLOCK_VALID_CONTROL */
        if ((c->controls & 0x0c) == 0 || c->stall_valid) {
            sim_log(dev, "control GET CUR CLOCK_VALID clock %u: stall", c->id);
            return -1;
        }
        uint8_t v = c->valid ? 1 : 0;
        sim_log(dev, "control GET CUR CLOCK_VALID clock %u: %u", c->id, v);
        return reply(data, data_len, wLength, &v, 1);
    }
    if (c->subtype == CLK_SELECTOR && cs == 1 && req == 1) {      /* CX_CLOCK_SELECTOR_CONTROL */
        if ((c->controls & 3) == 0 || c->stall_cur) {
            sim_log(dev, "control %s CUR selector %u: stall", in ? "GET" : "SET", c->id);
            return -1;
        }
        if (in) {
            uint8_t v = (uint8_t)c->cur;
            sim_log(dev, "control GET CUR selector %u: %u", c->id, v);
            return reply(data, data_len, wLength, &v, 1);
        }
        if (data_len >= 1 && (c->controls & 3) == 3 && data[0] >= 1 && data[0] <= c->nr_pins) {
            c->cur = data[0];
            sim_log(dev, "control SET CUR selector %u: %u accepted", c->id, data[0]);
            return 1;
        }
        sim_log(dev, "control SET CUR selector %u: stall", c->id);
        return -1;
    }
    sim_log(dev, "control %s %s entity %u cs %u: stall (unsupported)", in ? "GET" : "SET", req_name(req), entity, cs);
    return -1;
}

int sim_control(SimDevice *dev, const uint8_t setup[8], uint8_t *data, int data_len)
{
    uint8_t type = setup[0] & 0x60;
    if (type == 0)
        return standard_request(dev, setup, data, data_len);
    if (type == 0x20)
        return class_request(dev, setup, data, data_len);
    return -1;
}
