/*
 * uac2test: an ALSA ioplug PCM that behaves like a sound card whose sample clock runs
 * `ppm` parts per million fast (or slow) against CLOCK_MONOTONIC. The hardware pointer is
 * derived from elapsed monotonic time, so a probe that measures frames against the host
 * clock must find exactly the configured offset. Written for uac2's live-probe tests.
 *
 * Config keys (pcm.NAME { type uac2test ... }):
 *   ppm       real     clock offset of the "card" (default 0)
 *   rate      integer  only rate accepted (default 0 = 8000..384000), to test refused params
 *   stall_at  real     seconds after start at which one transfer blocks, once per open
 *                      (default -1 = never)
 *   stall_ms  integer  how long that transfer blocks (default 0); longer than the buffer
 *                      time makes the card underrun (playback) / overrun (capture): a real xrun
 *
 * Xruns are detected here as a DMA engine would: playback when the card pointer passes the
 * application pointer, capture when it gets more than a buffer ahead.
 */
#include <alsa/asoundlib.h>
#include <alsa/pcm_external.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

struct testcard {
    snd_pcm_ioplug_t io;
    double ppm;
    unsigned int only_rate;
    double stall_at;
    unsigned int stall_ms;
    int stalled;
    int running;
    struct timespec start;
    snd_pcm_uframes_t boundary;
};

static int64_t ns_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)(now.tv_sec - t0->tv_sec) * 1000000000LL + (now.tv_nsec - t0->tv_nsec);
}

/* Frames the card has moved since start: rate * (1 + ppm/1e6) * elapsed. long double keeps
 * sub-frame precision for hours of running. */
static uint64_t card_frames(const struct testcard *tc)
{
    if (!tc->running)
        return 0;
    long double secs = (long double)ns_since(&tc->start) / 1e9L;
    long double f = secs * (long double)tc->io.rate * (1.0L + (long double)tc->ppm / 1e6L);
    return f < 0 ? 0 : (uint64_t)f;
}

static int tc_start(snd_pcm_ioplug_t *io)
{
    struct testcard *tc = io->private_data;
    clock_gettime(CLOCK_MONOTONIC, &tc->start);
    tc->running = 1;
    return 0;
}

static int tc_stop(snd_pcm_ioplug_t *io)
{
    struct testcard *tc = io->private_data;
    tc->running = 0;
    return 0;
}

static snd_pcm_sframes_t tc_pointer(snd_pcm_ioplug_t *io)
{
    struct testcard *tc = io->private_data;
    uint64_t hw = card_frames(tc);
    uint64_t appl = io->appl_ptr; /* absolute since prepare (boundary is ~2^62 frames) */
    if (io->stream == SND_PCM_STREAM_PLAYBACK) {
        if (tc->running && hw > appl)
            return -EPIPE;
    } else {
        if (tc->running && hw > appl + io->buffer_size)
            return -EPIPE;
    }
    return (snd_pcm_sframes_t)(hw % tc->boundary);
}

static snd_pcm_sframes_t tc_transfer(snd_pcm_ioplug_t *io, const snd_pcm_channel_area_t *areas,
                                     snd_pcm_uframes_t offset, snd_pcm_uframes_t size)
{
    struct testcard *tc = io->private_data;
    if (tc->running && !tc->stalled && tc->stall_at >= 0 &&
        ns_since(&tc->start) >= (int64_t)(tc->stall_at * 1e9)) {
        tc->stalled = 1;
        usleep(tc->stall_ms * 1000u);
    }
    if (io->stream == SND_PCM_STREAM_CAPTURE)
        snd_pcm_areas_silence(areas, offset, io->channels, size, io->format);
    return (snd_pcm_sframes_t)size;
}

static int tc_hw_params(snd_pcm_ioplug_t *io, snd_pcm_hw_params_t *params)
{
    struct testcard *tc = io->private_data;
    (void)params;
    /* Same rule as alsa-lib's pcm.c, so the pointer we return wraps where ioplug expects. */
    snd_pcm_uframes_t b = io->buffer_size;
    while (b * 2 <= LONG_MAX - io->buffer_size)
        b *= 2;
    tc->boundary = b;
    return 0;
}

static int tc_prepare(snd_pcm_ioplug_t *io)
{
    struct testcard *tc = io->private_data;
    tc->running = 0;
    /* Wake pollers every millisecond; tc_poll_revents decides whether that is "ready". */
    struct itimerspec its = { { 0, 1000000 }, { 0, 1000000 } };
    timerfd_settime(io->poll_fd, 0, &its, NULL);
    return 0;
}

static int tc_poll_revents(snd_pcm_ioplug_t *io, struct pollfd *pfd, unsigned int nfds,
                           unsigned short *revents)
{
    struct testcard *tc = io->private_data;
    uint64_t expirations;
    (void)nfds;
    if (pfd[0].revents & POLLIN) {
        ssize_t r = read(io->poll_fd, &expirations, sizeof expirations);
        (void)r;
    }
    uint64_t hw = card_frames(tc);
    uint64_t appl = io->appl_ptr;
    uint64_t avail;
    if (io->stream == SND_PCM_STREAM_PLAYBACK)
        avail = hw + io->buffer_size > appl ? hw + io->buffer_size - appl : 0;
    else
        avail = hw > appl ? hw - appl : 0;
    /* Report ready on xrun too, so the writer/reader wakes and sees -EPIPE. */
    int xrun = io->stream == SND_PCM_STREAM_PLAYBACK ? (tc->running && hw > appl)
                                                     : (hw > appl + io->buffer_size);
    unsigned short ready = io->stream == SND_PCM_STREAM_PLAYBACK ? POLLOUT : POLLIN;
    *revents = (avail >= io->period_size || xrun) ? ready : 0;
    return 0;
}

static int tc_close(snd_pcm_ioplug_t *io)
{
    struct testcard *tc = io->private_data;
    close(io->poll_fd);
    free(tc);
    return 0;
}

static const snd_pcm_ioplug_callback_t tc_callbacks = {
    .start = tc_start,
    .stop = tc_stop,
    .pointer = tc_pointer,
    .transfer = tc_transfer,
    .close = tc_close,
    .hw_params = tc_hw_params,
    .prepare = tc_prepare,
    .poll_revents = tc_poll_revents,
};

static int tc_constraints(struct testcard *tc)
{
    static const unsigned int access[] = { SND_PCM_ACCESS_RW_INTERLEAVED };
    static const unsigned int formats[] = { SND_PCM_FORMAT_S16_LE, SND_PCM_FORMAT_S24_3LE,
                                            SND_PCM_FORMAT_S32_LE };
    snd_pcm_ioplug_t *io = &tc->io;
    int err;
    if ((err = snd_pcm_ioplug_set_param_list(io, SND_PCM_IOPLUG_HW_ACCESS, 1, access)) < 0 ||
        (err = snd_pcm_ioplug_set_param_list(io, SND_PCM_IOPLUG_HW_FORMAT, 3, formats)) < 0 ||
        (err = snd_pcm_ioplug_set_param_minmax(io, SND_PCM_IOPLUG_HW_CHANNELS, 1, 32)) < 0 ||
        (err = snd_pcm_ioplug_set_param_minmax(io, SND_PCM_IOPLUG_HW_PERIOD_BYTES, 64, 1 << 20)) < 0 ||
        (err = snd_pcm_ioplug_set_param_minmax(io, SND_PCM_IOPLUG_HW_PERIODS, 2, 64)) < 0)
        return err;
    if (tc->only_rate)
        return snd_pcm_ioplug_set_param_minmax(io, SND_PCM_IOPLUG_HW_RATE, tc->only_rate, tc->only_rate);
    return snd_pcm_ioplug_set_param_minmax(io, SND_PCM_IOPLUG_HW_RATE, 8000, 384000);
}

static int get_real(snd_config_t *n, double *out)
{
    long l;
    if (snd_config_get_real(n, out) == 0)
        return 0;
    if (snd_config_get_integer(n, &l) == 0) {
        *out = (double)l;
        return 0;
    }
    return -EINVAL;
}

SND_PCM_PLUGIN_DEFINE_FUNC(uac2test)
{
    snd_config_iterator_t i, next;
    double ppm = 0, stall_at = -1, d;
    long only_rate = 0, stall_ms = 0;
    int err;
    (void)root;

    snd_config_for_each(i, next, conf) {
        snd_config_t *n = snd_config_iterator_entry(i);
        const char *id;
        if (snd_config_get_id(n, &id) < 0)
            continue;
        if (!strcmp(id, "comment") || !strcmp(id, "type") || !strcmp(id, "hint"))
            continue;
        if (!strcmp(id, "ppm") && get_real(n, &d) == 0) { ppm = d; continue; }
        if (!strcmp(id, "stall_at") && get_real(n, &d) == 0) { stall_at = d; continue; }
        if (!strcmp(id, "rate") && snd_config_get_integer(n, &only_rate) == 0) continue;
        if (!strcmp(id, "stall_ms") && snd_config_get_integer(n, &stall_ms) == 0) continue;
        SNDERR("uac2test: bad or unknown field %s", id);
        return -EINVAL;
    }
    if (only_rate < 0 || stall_ms < 0 || stall_ms > 60000 || ppm <= -1e6 || ppm > 1e6) {
        SNDERR("uac2test: value out of range");
        return -EINVAL;
    }

    struct testcard *tc = calloc(1, sizeof *tc);
    if (!tc)
        return -ENOMEM;
    tc->ppm = ppm;
    tc->only_rate = (unsigned int)only_rate;
    tc->stall_at = stall_at;
    tc->stall_ms = (unsigned int)stall_ms;
    tc->boundary = 1;

    tc->io.version = SND_PCM_IOPLUG_VERSION;
    tc->io.name = "uac2 simulated card (ioplug)";
    tc->io.callback = &tc_callbacks;
    tc->io.private_data = tc;
    tc->io.flags = SND_PCM_IOPLUG_FLAG_MONOTONIC | SND_PCM_IOPLUG_FLAG_BOUNDARY_WA;
    tc->io.poll_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (tc->io.poll_fd < 0) {
        free(tc);
        return -errno;
    }
    tc->io.poll_events = stream == SND_PCM_STREAM_PLAYBACK ? POLLOUT : POLLIN;
    /* timerfd signals POLLIN only; poll for that and translate in tc_poll_revents. */
    tc->io.poll_events = POLLIN;

    err = snd_pcm_ioplug_create(&tc->io, name, stream, mode);
    if (err < 0) {
        close(tc->io.poll_fd);
        free(tc);
        return err;
    }
    err = tc_constraints(tc);
    if (err < 0) {
        snd_pcm_ioplug_delete(&tc->io);
        return err;
    }
    *pcmp = tc->io.pcm;
    return 0;
}

SND_PCM_PLUGIN_SYMBOL(uac2test);
