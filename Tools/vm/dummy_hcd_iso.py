#!/usr/bin/env python3
"""Give Debian's dummy_hcd.c isochronous endpoints, at build time (Tools/vm/build-dummy-hcd).

Stock dummy_hcd fails every isochronous URB and hides its six iso endpoints, so f_uac2 cannot bind
("afunc_bind ... Error!"). These edits, ours, are applied to the file unpacked from Debian's
linux-source-6.1 in the cache; no kernel source is kept in the repository. Each edit names a short
anchor that must occur exactly the stated number of times, so a changed upstream file fails loudly
instead of building a half-patched module.

Model: one packet per urb->interval (micro)frames, paced by the monotonic clock per endpoint (the
emulation timer fires late under TCG, so it catches up packet by packet); each packet takes the
next queued gadget request (a zero-length IN packet when none is queued, OUT data dropped).
usage: dummy_hcd_iso.py IN.c OUT.c
"""
import sys

ISO_TRANSFER = r'''
/* uac2 Tools/vm: isochronous transfer. One packet per urb->interval (micro)frames, paced by the
 * monotonic clock per endpoint; each packet is one queued gadget request (f_uac2 queues one packet
 * per request). IN with no request queued: a zero-length packet, as a real device sends. OUT with
 * none: the data is dropped. Returns 0 when the URB's packets are all done, else -EINPROGRESS. */
static int uac2_iso_transfer(struct dummy_hcd *dum_hcd, struct urbp *urbp,
		struct urb *urb, struct dummy_ep *ep)
{
	struct dummy *dum = dum_hcd->dum;
	int to_host = usb_urb_dir_in(urb);
	u64 unit = dum->gadget.speed >= USB_SPEED_HIGH ? 125000 : 1000000;
	u64 period = unit * (urb->interval > 0 ? urb->interval : 1);
	u64 now = ktime_get_ns();

	/* first packet, or the host paused: start the schedule now rather than bursting */
	if (ep->iso_next_ns == 0 || now > ep->iso_next_ns + 50 * 1000000ULL)
		ep->iso_next_ns = now;
	while (urbp->iso_packet < urb->number_of_packets && now >= ep->iso_next_ns) {
		struct usb_iso_packet_descriptor *d = &urb->iso_frame_desc[urbp->iso_packet];
		struct dummy_request *req = NULL;
		unsigned int len = 0;

		if (!list_empty(&ep->queue))
			req = list_first_entry(&ep->queue, struct dummy_request, queue);
		if (req) {
			len = min_t(unsigned int, d->length, req->req.length - req->req.actual);
			if (to_host)
				memcpy(urb->transfer_buffer + d->offset, req->req.buf + req->req.actual, len);
			else
				memcpy(req->req.buf + req->req.actual, urb->transfer_buffer + d->offset, len);
			req->req.actual += len;
			req->req.status = 0;
			list_del_init(&req->queue);
			dummy_giveback(dum, &ep->ep, req);
		}
		d->actual_length = len;
		d->status = 0;
		urb->actual_length += len;
		urbp->iso_packet++;
		ep->iso_next_ns += period;
	}
	ep->last_io = jiffies;
	return urbp->iso_packet >= urb->number_of_packets ? 0 : -EINPROGRESS;
}
'''

EDITS = [
    # (anchor, replacement, expected count)
    # the six fixed iso endpoints of the pxa250-like table, commented out upstream
    ('/*\n\tEP_INFO("ep3in-iso",', '\tEP_INFO("ep3in-iso",', 1),
    ('/*\n\tEP_INFO("ep8in-iso",', '\tEP_INFO("ep8in-iso",', 1),
    ('/*\n\tEP_INFO("ep13in-iso",', '\tEP_INFO("ep13in-iso",', 1),
    ('USB_EP_CAPS_DIR_OUT)),\n*/\n', 'USB_EP_CAPS_DIR_OUT)),\n', 3),
    # per-endpoint schedule and per-URB packet index
    ('\tunsigned\t\t\tstream_en:1;\n};', '\tunsigned\t\t\tstream_en:1;\n\tu64\t\t\t\tiso_next_ns;\n};', 1),
    ('\tu32\t\t\tmiter_started;\n};', '\tu32\t\t\tmiter_started;\n\tint\t\t\tiso_packet;\n};', 1),
    ('\turbp->miter_started = 0;\n', '\turbp->miter_started = 0;\n\turbp->iso_packet = 0;\n', 1),
    ('\tep->halted = ep->wedged = 0;\n\tretval = 0;', '\tep->halted = ep->wedged = 0;\n\tep->iso_next_ns = 0;\n\tretval = 0;', 1),
    # the single-request FIFO shortcut completes an IN request at once: wrong for iso, whose
    # requests must leave one per (micro)frame
    ('\t\t\t_req->length <= FIFO_SIZE) {', '\t\t\t_req->length <= FIFO_SIZE &&\n\t\t\t!usb_endpoint_xfer_isoc(ep->desc)) {', 1),
    # the timer's iso case: transfer instead of failing every URB
    ('\t\t\tstatus = -EINVAL;\t/* fail all xfers */\n', '\t\t\tstatus = uac2_iso_transfer(dum_hcd, urbp, urb, ep);\n', 1),
    # the transfer function goes before the timer that calls it
    ('\n/* transfer up to a frame\'s worth; caller must own lock */', ISO_TRANSFER + '\n/* transfer up to a frame\'s worth; caller must own lock */', 1),
]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: dummy_hcd_iso.py IN.c OUT.c")
    src = open(sys.argv[1], encoding="utf-8").read()
    for anchor, replacement, count in EDITS:
        found = src.count(anchor)
        if found != count:
            sys.exit(f"dummy_hcd_iso.py: anchor {anchor[:40]!r} found {found} times, expected {count}")
        src = src.replace(anchor, replacement)
    open(sys.argv[2], "w", encoding="utf-8").write(src)


if __name__ == "__main__":
    main()
