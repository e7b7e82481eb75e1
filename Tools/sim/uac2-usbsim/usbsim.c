/*
 * uac2-usbsim --descriptors FILE [options] -- PROGRAM [ARGS...]
 *
 * Creates a umockdev testbed with one USB device whose descriptors come from FILE, answers
 * its usbdevfs ioctls in this process (sim_ioctl.c), and runs PROGRAM inside the testbed
 * (LD_PRELOAD=libumockdev-preload, UMOCKDEV_DIR), the way umockdev-run does. Exits with
 * PROGRAM's status (128+signal if it was killed). With --report, writes what the device saw
 * (requests, alt settings, kernel-driver state at the end) for tests to check.
 */
#include "sim.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib-unix.h>

static SimDevice dev;
static GMainLoop *loop;
static GPid child_pid;
static int child_status = -1;
static UMockdevTestbed *testbed;
static gchar *syspath;

static gchar *opt_descriptors, *opt_report, *opt_signal_after;
static gchar **opt_clock;
static gint opt_speed = 480, opt_rate = 48000, opt_busnum = 1, opt_devnum = 2, opt_feedback_bytes = 0, opt_feedback_frac = 0;
static gdouble opt_ppm = 0, opt_unplug_after = -1, opt_timeout = 60;
static gboolean opt_kernel_driver = FALSE;

static GOptionEntry entries[] = {
    { "descriptors", 'd', 0, G_OPTION_ARG_FILENAME, &opt_descriptors, "device + configuration descriptors (raw, or .hex text)", "FILE" },
    { "speed", 's', 0, G_OPTION_ARG_INT, &opt_speed, "bus speed in Mbit/s: 12 or 480 (default 480)", "N" },
    { "rate", 'r', 0, G_OPTION_ARG_INT, &opt_rate, "initial sample rate of every clock source (default 48000)", "HZ" },
    { "ppm", 'p', 0, G_OPTION_ARG_DOUBLE, &opt_ppm, "device sample clock offset vs the bus clock", "PPM" },
    { "clock", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &opt_clock,
      "ID:rates=A,B,..|ID:cur=N|ID:valid=0/1|ID:range-hex=HEX|ID:stall=cur/range/valid|ID:hang=range", "SPEC" },
    { "kernel-driver", 'k', 0, G_OPTION_ARG_NONE, &opt_kernel_driver, "audio interfaces start bound to snd-usb-audio", NULL },
    { "unplug-after", 'u', 0, G_OPTION_ARG_DOUBLE, &opt_unplug_after, "remove the device after S seconds", "S" },
    { "signal-child-after", 0, 0, G_OPTION_ARG_STRING, &opt_signal_after, "send SIG to the program after S seconds", "S:SIG" },
    { "feedback-bytes", 0, 0, G_OPTION_ARG_INT, &opt_feedback_bytes, "feedback packet size (default 3 at 12, 4 at 480)", "N" },
    { "feedback-fraction-bits", 0, 0, G_OPTION_ARG_INT, &opt_feedback_frac, "14 (10.14) or 16 (16.16); default by speed", "N" },
    { "busnum", 0, 0, G_OPTION_ARG_INT, &opt_busnum, "bus number (default 1)", "N" },
    { "devnum", 0, 0, G_OPTION_ARG_INT, &opt_devnum, "device address (default 2)", "N" },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &opt_report, "write what the device saw to FILE", "FILE" },
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &opt_timeout, "kill the program after S seconds (default 60)", "S" },
    { NULL }
};

static int parse_clock_spec(const char *spec, GError **error)
{
    char *colon = strchr(spec, ':'), *eq = colon ? strchr(colon, '=') : NULL;
    if (!colon || !eq) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--clock %s: want ID:key=value", spec);
        return -1;
    }
    long id = strtol(spec, NULL, 0);
    SimClock *c = sim_clock(&dev, (uint8_t)id);
    if (!c) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--clock %s: no clock entity %ld in the descriptors", spec, id);
        return -1;
    }
    gchar *key = g_strndup(colon + 1, eq - colon - 1);
    const char *val = eq + 1;
    int ok = 1;
    if (!strcmp(key, "rates")) {
        gchar **parts = g_strsplit(val, ",", -1);
        c->n_rates = 0;
        for (int i = 0; parts[i] && c->n_rates < SIM_MAX_RATES; i++)
            c->rates[c->n_rates++] = (uint32_t)strtoul(parts[i], NULL, 10);
        g_strfreev(parts);
    } else if (!strcmp(key, "cur")) {
        c->cur = (uint32_t)strtoul(val, NULL, 10);
    } else if (!strcmp(key, "valid")) {
        c->valid = atoi(val);
    } else if (!strcmp(key, "range-hex")) {
        size_t n = strlen(val) / 2;
        c->range_raw = g_malloc0(n + 1);
        for (size_t i = 0; i < n; i++) {
            int hi = g_ascii_xdigit_value(val[2 * i]), lo = g_ascii_xdigit_value(val[2 * i + 1]);
            if (hi < 0 || lo < 0)
                ok = 0;
            c->range_raw[i] = (uint8_t)(hi << 4 | lo);
        }
        c->range_raw_len = (int)n;
    } else if (!strcmp(key, "stall")) {
        c->stall_cur |= !strcmp(val, "cur");
        c->stall_range |= !strcmp(val, "range");
        c->stall_valid |= !strcmp(val, "valid");
        ok = !strcmp(val, "cur") || !strcmp(val, "range") || !strcmp(val, "valid");
    } else if (!strcmp(key, "hang")) {
        c->hang_range = !strcmp(val, "range");
        ok = c->hang_range;
    } else {
        ok = 0;
    }
    g_free(key);
    if (!ok) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--clock %s: bad key or value", spec);
        return -1;
    }
    return 0;
}

static gchar *device_record(void)
{
    GString *hex = g_string_new(NULL);
    for (size_t i = 0; i < 18 + dev.config_len; i++)
        g_string_append_printf(hex, "%02x", dev.blob[i]);
    const uint8_t *d = dev.blob;
    gchar *rec = g_strdup_printf(
        "P: /devices/usb%d/%d-1\n"
        "N: bus/usb/%03d/%03d\n"
        "E: SUBSYSTEM=usb\n"
        "E: DEVTYPE=usb_device\n"
        "E: DRIVER=usb\n"
        "E: DEVNAME=/dev/bus/usb/%03d/%03d\n"
        "E: BUSNUM=%03d\n"
        "E: DEVNUM=%03d\n"
        "E: PRODUCT=%x/%x/%x\n"
        "A: busnum=%d\\n\n"
        "A: devnum=%d\\n\n"
        "A: speed=%d\\n\n"
        "A: idVendor=%04x\\n\n"
        "A: idProduct=%04x\\n\n"
        "A: bConfigurationValue=1\\n\n"
        "A: bNumConfigurations=1\\n\n"
        "A: devpath=1\\n\n"
        "H: descriptors=%s\n",
        opt_busnum, opt_busnum, opt_busnum, opt_devnum, opt_busnum, opt_devnum, opt_busnum, opt_devnum,
        dev.vid, dev.pid, d[12] | d[13] << 8, opt_busnum, opt_devnum, opt_speed, dev.vid, dev.pid, hex->str);
    g_string_free(hex, TRUE);
    return rec;
}

static void child_exited(GPid pid, gint status, gpointer data)
{
    (void)pid;
    (void)data;
    child_status = status;
    g_spawn_close_pid(pid);
    g_main_loop_quit(loop);
}

static gboolean do_unplug(gpointer data)
{
    (void)data;
    sim_log(&dev, "unplug");
    dev.unplugged = 1;
    sim_unplug_urbs();
    umockdev_testbed_remove_device(testbed, syspath);
    return G_SOURCE_REMOVE;
}

static int signal_to_send;
static gboolean do_signal(gpointer data)
{
    (void)data;
    sim_log(&dev, "signal %d to program", signal_to_send);
    kill(child_pid, signal_to_send);
    return G_SOURCE_REMOVE;
}

static gboolean do_timeout(gpointer data)
{
    (void)data;
    sim_log(&dev, "timeout: killing program");
    fprintf(stderr, "uac2-usbsim: program still running after %.1f s, killing it\n", opt_timeout);
    kill(child_pid, SIGKILL);
    return G_SOURCE_REMOVE;
}

static gboolean forward_signal(gpointer data)
{
    kill(child_pid, GPOINTER_TO_INT(data));
    return G_SOURCE_CONTINUE;
}

static void write_report(void)
{
    GString *r = g_string_new(NULL);
    g_string_append_printf(r, "device %04x:%04x speed %d bus %d address %d\n", dev.vid, dev.pid, opt_speed, opt_busnum, opt_devnum);
    g_string_append(r, dev.log->str);
    for (int n = 0; n < SIM_MAX_IFACES; n++)
        if (dev.ifaces[n].present)
            g_string_append_printf(r, "final interface %d alt %d driver %s claimed %d\n", n, dev.ifaces[n].cur_alt,
                                   dev.ifaces[n].driver_bound ? "snd-usb-audio" : "none", dev.ifaces[n].claimed);
    if (opt_report)
        g_file_set_contents(opt_report, r->str, -1, NULL);
    g_string_free(r, TRUE);
}

int main(int argc, char **argv)
{
    GError *error = NULL;
    GOptionContext *oc = g_option_context_new("-- PROGRAM [ARGS...]");
    g_option_context_set_summary(oc, "Run PROGRAM with a simulated USB Audio Class 2 device (umockdev).");
    g_option_context_add_main_entries(oc, entries, NULL);
    if (!g_option_context_parse(oc, &argc, &argv, &error)) {
        fprintf(stderr, "uac2-usbsim: %s\n", error->message);
        return 64;
    }
    int prog = 1;
    if (prog < argc && !strcmp(argv[prog], "--"))
        prog++;
    if (!opt_descriptors || prog >= argc) {
        fprintf(stderr, "uac2-usbsim: need --descriptors FILE and a program to run\n");
        return 64;
    }
    if (opt_speed != 12 && opt_speed != 480) {
        fprintf(stderr, "uac2-usbsim: --speed must be 12 or 480\n");
        return 64;
    }

    dev.log = g_string_new(NULL);
    g_mutex_init(&dev.lock);
    dev.speed = opt_speed;
    dev.busnum = opt_busnum;
    dev.devnum = opt_devnum;
    dev.ppm = opt_ppm;
    dev.feedback_bytes_override = opt_feedback_bytes;
    dev.feedback_frac_bits = opt_feedback_frac;
    if (sim_load_descriptors(&dev, opt_descriptors, &error) < 0 || sim_parse(&dev, &error) < 0) {
        fprintf(stderr, "uac2-usbsim: %s: %s\n", opt_descriptors, error->message);
        return 65;
    }
    static const uint32_t default_rates[] = { 44100, 48000, 88200, 96000 };
    for (int i = 0; i < dev.n_clocks; i++) {
        SimClock *c = &dev.clocks[i];
        if (c->subtype != CLK_SOURCE)
            continue;
        c->cur = (uint32_t)opt_rate;
        int has = 0;
        for (int k = 0; k < 4; k++) {
            c->rates[c->n_rates++] = default_rates[k];
            has |= default_rates[k] == (uint32_t)opt_rate;
        }
        if (!has)
            c->rates[c->n_rates++] = (uint32_t)opt_rate;
    }
    for (int i = 0; opt_clock && opt_clock[i]; i++)
        if (parse_clock_spec(opt_clock[i], &error) < 0) {
            fprintf(stderr, "uac2-usbsim: %s\n", error->message);
            return 64;
        }
    for (int n = 0; n < SIM_MAX_IFACES; n++)
        if (dev.ifaces[n].present && dev.ifaces[n].klass == 1 && opt_kernel_driver)
            dev.ifaces[n].driver_bound = 1;

    /* The testbed sets UMOCKDEV_DIR in our environment; the program inherits it. */
    testbed = umockdev_testbed_new();
    gchar *devnode = g_strdup_printf("/dev/bus/usb/%03d/%03d", opt_busnum, opt_devnum);
    UMockdevIoctlBase *handler = sim_ioctl_handler_new(&dev);
    /* Attach the handler before the device appears, so that an open never misses it. */
    if (!umockdev_testbed_attach_ioctl(testbed, devnode, handler, &error)) {
        fprintf(stderr, "uac2-usbsim: attach ioctl handler: %s\n", error->message);
        return 70;
    }
    gchar *rec = device_record();
    if (!umockdev_testbed_add_from_string(testbed, rec, &error)) {
        fprintf(stderr, "uac2-usbsim: add device: %s\n", error->message);
        return 70;
    }
    g_free(rec);
    syspath = g_strdup_printf("/sys/devices/usb%d/%d-1", opt_busnum, opt_busnum);

    const char *old = g_getenv("LD_PRELOAD");
    gchar *preload = old && *old ? g_strdup_printf("%s:libumockdev-preload.so.0", old) : g_strdup("libumockdev-preload.so.0");
    g_setenv("LD_PRELOAD", preload, TRUE);
    if (!g_spawn_async(NULL, argv + prog, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_CHILD_INHERITS_STDIN,
                       NULL, NULL, &child_pid, &error)) {
        fprintf(stderr, "uac2-usbsim: cannot run %s: %s\n", argv[prog], error->message);
        return 127;
    }
    g_unsetenv("LD_PRELOAD");

    loop = g_main_loop_new(NULL, FALSE);
    g_child_watch_add(child_pid, child_exited, NULL);
    g_unix_signal_add(SIGINT, forward_signal, GINT_TO_POINTER(SIGINT));
    g_unix_signal_add(SIGTERM, forward_signal, GINT_TO_POINTER(SIGTERM));
    if (opt_unplug_after >= 0)
        g_timeout_add((guint)(opt_unplug_after * 1000), do_unplug, NULL);
    if (opt_signal_after) {
        double s = g_ascii_strtod(opt_signal_after, NULL);
        const char *sig = strchr(opt_signal_after, ':');
        signal_to_send = sig && !strcmp(sig + 1, "TERM") ? SIGTERM : sig && !strcmp(sig + 1, "KILL") ? SIGKILL : SIGINT;
        g_timeout_add((guint)(s * 1000), do_signal, NULL);
    }
    g_timeout_add((guint)(opt_timeout * 1000), do_timeout, NULL);
    g_main_loop_run(loop);

    write_report();
    g_object_unref(testbed);
    if (WIFEXITED(child_status))
        return WEXITSTATUS(child_status);
    if (WIFSIGNALED(child_status))
        return 128 + WTERMSIG(child_status);
    return 70;
}
