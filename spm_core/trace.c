/*
 * The SPM's trace points (trace.h): the out-of-line halves, which describe
 * an event in portable terms and hand it to arch_trace().
 *
 * Only values that mean the same on every run go into an event: handles,
 * partitions, SIDs, signals, sizes, statuses. Vector sizes of a psa_call()
 * are summed only when the caller may read the vector array, so tracing
 * never touches memory the call itself would refuse. A fault's address is
 * the host's; arch_trace() turns it into a simulated one.
 */
#include "trace.h"

#include "arch.h"
#include "conn.h"
#include "spm.h"

bool spm_trace_active;

void spm_trace_enable(bool on)
{
	spm_trace_active = on;
}

/** An event of @kind on the running partition's track. */
static struct spm_trace_event event(enum spm_trace_kind kind, const char *name)
{
	return (struct spm_trace_event){
	        .kind = kind,
	        .track = spm_sys()->current,
	        .name = name,
	};
}

/** Stores @v in the field of @ev that @bit names. */
static void put(struct spm_trace_event *ev, uint32_t bit, uint32_t v)
{
	switch (bit) {
	case SPM_TRACE_F_SID:
		ev->sid = v;
		break;
	case SPM_TRACE_F_VERSION:
		ev->version = v;
		break;
	case SPM_TRACE_F_SIGNAL:
		ev->signal = v;
		break;
	case SPM_TRACE_F_TIMEOUT:
		ev->value = v;
		break;
	case SPM_TRACE_F_INDEX:
		ev->index = v;
		break;
	case SPM_TRACE_F_SIZE:
		ev->size = v;
		break;
	case SPM_TRACE_F_PEER:
		ev->peer_id = (int32_t)v;
		ev->peer = spm_partition_by_id((int32_t)v);
		break;
	default: /* SPM_TRACE_F_STATUS */
		ev->status = (int32_t)v;
		break;
	}
}

void spm_trace_emit_api(const char *api, uint32_t fields, int32_t handle,
                        int32_t type, uint32_t a, uint32_t b)
{
	static const uint32_t order[] = {
	        SPM_TRACE_F_SID,     SPM_TRACE_F_VERSION, SPM_TRACE_F_SIGNAL,
	        SPM_TRACE_F_TIMEOUT, SPM_TRACE_F_INDEX,   SPM_TRACE_F_SIZE,
	        SPM_TRACE_F_PEER,    SPM_TRACE_F_STATUS,
	};
	struct spm_trace_event ev = event(SPM_TRACE_API_BEGIN, api);
	uint32_t args[2] = {a, b};
	unsigned n = 0;

	ev.fields = fields;
	ev.handle = handle;
	ev.type = type;
	for (unsigned i = 0; i < sizeof(order) / sizeof(order[0]) && n < 2;
	     i++) {
		if ((fields & order[i]) != 0) {
			put(&ev, order[i], args[n++]);
		}
	}
	arch_trace(&ev);
}

/** May @p read the @n-entry vector array at @v of @elem bytes each? */
static bool array_readable(const struct spm_partition *p, const void *v,
                           size_t n, size_t elem)
{
	return p != NULL && n <= PSA_MAX_IOVEC &&
	       (n == 0 ||
	        arch_isolation_check(p->boundary, v, n * elem, ARCH_MEM_READ));
}

void spm_trace_emit_call(psa_handle_t handle, int32_t type, const psa_invec *in,
                         size_t in_len, const psa_outvec *out, size_t out_len)
{
	struct spm_trace_event ev = event(SPM_TRACE_API_BEGIN, "psa_call");

	ev.fields = SPM_TRACE_F_HANDLE | SPM_TRACE_F_TYPE | SPM_TRACE_F_VECTORS;
	ev.handle = handle;
	ev.type = type;
	ev.in_len = (uint32_t)in_len;
	ev.out_len = (uint32_t)out_len;
	if (array_readable(ev.track, in, in_len, sizeof(*in))) {
		for (size_t i = 0; i < in_len; i++) {
			ev.in_size += (uint32_t)in[i].len;
		}
	}
	if (array_readable(ev.track, out, out_len, sizeof(*out))) {
		for (size_t i = 0; i < out_len; i++) {
			ev.out_size += (uint32_t)out[i].len;
		}
	}
	arch_trace(&ev);
}

void spm_trace_emit_end(const char *api, uint32_t field, uint64_t value)
{
	struct spm_trace_event ev = event(SPM_TRACE_API_END, api);

	ev.fields = field;
	if (field == SPM_TRACE_F_STATUS) {
		ev.status = (int32_t)value;
	} else if (field == SPM_TRACE_F_HANDLE) {
		ev.handle = (int32_t)value;
	} else if (field == SPM_TRACE_F_SIGNAL) {
		ev.signal = (psa_signal_t)value;
	} else {
		ev.value = value;
	}
	arch_trace(&ev);
}

/** Fills @ev with the message on @c: its client, SID, type and vectors. */
static void describe_message(struct spm_trace_event *ev,
                             const struct spm_conn *c)
{
	ev->track = c->service->owner;
	ev->peer = c->client;
	ev->peer_id = c->client_id;
	ev->handle = conn_msg_handle(c);
	ev->type = c->type;
	ev->sid = c->service->desc->sid;
	ev->in_len = (uint32_t)c->n_in;
	ev->out_len = (uint32_t)c->n_out;
	for (size_t i = 0; i < PSA_MAX_IOVEC; i++) {
		ev->in_size += (uint32_t)c->in[i].len;
		ev->out_size += (uint32_t)c->out[i].len;
	}
}

void spm_trace_emit_service(const struct spm_conn *c, bool begin,
                            int32_t status)
{
	struct spm_trace_event ev =
	        event(begin ? SPM_TRACE_SERVICE_BEGIN : SPM_TRACE_SERVICE_END,
	              c->service->desc->name);

	describe_message(&ev, c);
	ev.fields = SPM_TRACE_F_HANDLE | SPM_TRACE_F_TYPE | SPM_TRACE_F_SID |
	            SPM_TRACE_F_PEER | SPM_TRACE_F_VECTORS;
	if (!begin) {
		ev.fields |= SPM_TRACE_F_STATUS;
		ev.status = status;
	}
	arch_trace(&ev);
}

void spm_trace_emit_irq(const struct spm_partition *p, uint32_t idx,
                        uint32_t line)
{
	const struct spm_irq_desc *d = &p->desc->irqs[idx];
	struct spm_trace_event ev = event(SPM_TRACE_IRQ, d->signal_name);

	ev.track = p;
	ev.fields = SPM_TRACE_F_LINE | SPM_TRACE_F_SIGNAL;
	ev.line = line;
	ev.signal = d->signal;
	ev.detail = d->handling == SPM_IRQ_FLIH ? "FLIH" : "SLIH";
	arch_trace(&ev);
}

void spm_trace_emit_switch(const struct spm_partition *from,
                           const struct spm_partition *to)
{
	struct spm_trace_event ev = event(SPM_TRACE_BOUNDARY_SWITCH, NULL);

	ev.track = from;
	ev.peer = to;
	ev.peer_id = to->id;
	ev.fields = SPM_TRACE_F_PEER;
	arch_trace(&ev);
}

void spm_trace_emit_panic(const struct spm_partition *p, const char *api,
                          const char *rule)
{
	struct spm_trace_event ev = event(SPM_TRACE_PANIC, api);

	ev.track = p;
	ev.detail = rule;
	arch_trace(&ev);
}

void spm_trace_emit_fault(const struct spm_partition *p,
                          const struct spm_fault *f)
{
	struct spm_trace_event ev = event(SPM_TRACE_FAULT, f->type);

	ev.track = p;
	ev.fields = SPM_TRACE_F_ADDRESS;
	ev.address = f->address;
	ev.access = f->access;
	ev.detail = f->region;
	arch_trace(&ev);
}
