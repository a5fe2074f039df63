/*
 * The service API: what a secure partition calls to take and answer
 * messages, signal other partitions and handle interrupts. Every misuse FF-M
 * names is a programmer error that panics the calling partition; each check
 * comes first, the work (the *_impl functions, which backends also call)
 * after.
 */
#include <string.h>

#include "backend.h"
#include "conn.h"
#include "frontend.h"
#include "irq.h"
#include "spm.h"
#include "trace.h"

/** The running secure partition, or NULL (after the policy) for NS code. */
static struct spm_partition *service_caller(const char *api)
{
	struct spm_partition *p;

	spm_enter();
	p = spm_caller(api);
	if (p == NULL) {
		return NULL;
	}
	if (p->is_ns) {
		(void)spm_programmer_error(
		        api, "the service API is for secure partitions only");
		return NULL;
	}
	return p;
}

/** Panics the running partition for breaking @rule in @api. */
static void misuse(struct spm_partition *p, const char *api, const char *rule)
        __attribute__((noreturn));
static void misuse(struct spm_partition *p, const char *api, const char *rule)
{
	spm_panic(p, SPM_PANIC_PROGRAMMER_ERROR, api, rule);
}

static bool one_bit(psa_signal_t s)
{
	return s != 0 && (s & (s - 1u)) == 0;
}

static bool is_sfn(const struct spm_partition *p)
{
	return p->desc->model == SPM_MODEL_SFN;
}

bool spm_memory_ok(const struct spm_partition *p, const void *base, size_t size,
                   bool write)
{
	return size == 0 ||
	       arch_isolation_check(p->boundary, base, size,
	                            write ? ARCH_MEM_WRITE : ARCH_MEM_READ);
}

/* ----------------------------------------------------------- signals */

psa_signal_t spm_wait_impl(struct spm_partition *p, psa_signal_t mask,
                           uint32_t timeout)
{
	psa_signal_t ready = p->signals_asserted & mask;

	if (ready != 0 || timeout == PSA_POLL) {
		return ready;
	}
	ready = spm_sys()->config.backend->wait(p, mask);
	/* Leaving the SPM after a wait: an interrupt point, which may assert
	 * more of the signals waited for. */
	spm_take_interrupts();
	return ready | (p->signals_asserted & mask);
}

static psa_signal_t wait_impl(psa_signal_t signal_mask, uint32_t timeout)
{
	struct spm_partition *p = service_caller("psa_wait");

	if (p == NULL) {
		return 0;
	}
	if ((signal_mask & p->signals_allowed) == 0) {
		misuse(p, "psa_wait",
		       "signal_mask has no signal of the calling partition");
	}
	return spm_wait_impl(p, signal_mask, timeout);
}

static void notify_impl(int32_t partition_id)
{
	struct spm_partition *p = service_caller("psa_notify");
	struct spm_partition *target;

	if (p == NULL) {
		return;
	}
	target = spm_partition_by_id(partition_id);
	if (target == NULL) {
		misuse(p, "psa_notify", "partition_id names no partition");
	}
	spm_assert_signals(target, PSA_DOORBELL);
	spm_sys()->config.backend->preempt_point();
}

static void clear_impl(void)
{
	struct spm_partition *p = service_caller("psa_clear");

	if (p == NULL) {
		return;
	}
	if ((p->signals_asserted & PSA_DOORBELL) == 0) {
		misuse(p, "psa_clear", "PSA_DOORBELL is not asserted");
	}
	p->signals_asserted &= ~PSA_DOORBELL;
}

void psa_panic(void)
{
	struct spm_partition *p;

	spm_trace_api("psa_panic", 0, 0, 0, 0, 0);
	spm_enter();
	p = spm_caller("psa_panic");
	if (p == NULL) {
		/* Nothing to stop outside the simulated system. */
		arch_fatal(__FILE__, __LINE__,
		           "psa_panic() called outside the simulated system");
	}
	/* Non-secure code has no psa_panic() on the board; here it is recorded
	 * as a panic of the non-secure side rather than ignored. */
	spm_panic(p, SPM_PANIC_PSA_PANIC, "psa_panic",
	          "the partition called psa_panic()");
}

static uint32_t lifecycle_impl(void)
{
	spm_enter();
	return spm_sys()->config.lifecycle_state;
}

/* ---------------------------------------------------------- messages */

void spm_msg_enqueue(struct spm_conn *c)
{
	struct spm_service *svc = c->service;

	c->state = CONN_QUEUED;
	c->next = NULL;
	if (svc->queue_tail != NULL) {
		svc->queue_tail->next = c;
	} else {
		svc->queue_head = c;
	}
	svc->queue_tail = c;
	spm_sys()->counters.messages++;
	spm_assert_signals(svc->owner, svc->desc->signal);
}

psa_status_t spm_get_impl(struct spm_service *svc, psa_msg_t *msg)
{
	struct spm_conn *c = svc->queue_head;

	if (c == NULL) {
		return PSA_ERROR_DOES_NOT_EXIST;
	}
	svc->queue_head = c->next;
	if (svc->queue_head == NULL) {
		svc->queue_tail = NULL;
		svc->owner->signals_asserted &= ~svc->desc->signal;
	}
	c->next = NULL;
	spm_msg_take(c, msg);
	spm_trace_service_begin(c);
	return PSA_SUCCESS;
}

static psa_status_t get_impl(psa_signal_t signal, psa_msg_t *msg)
{
	struct spm_partition *p = service_caller("psa_get");
	struct spm_service *svc;

	if (p == NULL) {
		return PSA_ERROR_PROGRAMMER_ERROR;
	}
	if (is_sfn(p)) {
		misuse(p, "psa_get",
		       "an SFN-model partition receives its "
		       "messages as service function calls");
	}
	if (!one_bit(signal)) {
		misuse(p, "psa_get", "signal must have exactly one bit set");
	}
	if ((p->signals_asserted & signal) == 0) {
		misuse(p, "psa_get", "signal is not asserted");
	}
	svc = spm_service_by_signal(p, signal);
	if (svc == NULL) {
		misuse(p, "psa_get", "signal is not an RoT Service signal");
	}
	if (!spm_memory_ok(p, msg, sizeof(*msg), true)) {
		misuse(p, "psa_get", "the partition may not write msg");
	}
	return spm_get_impl(svc, msg);
}

/** The message behind @h, owned by @p; panics @p otherwise. */
static struct spm_conn *message(struct spm_partition *p, const char *api,
                                psa_handle_t h)
{
	struct spm_conn *c = conn_from_msg_handle(h);

	if (c == NULL) {
		misuse(p, api,
		       "msg_handle is not the handle of a message "
		       "being handled (invalid, or already replied)");
	}
	if (c->service->owner != p) {
		misuse(p, api, "msg_handle belongs to another partition");
	}
	return c;
}

/** A vector access check shared by read, skip, write and the maps. */
static struct spm_conn *vector_message(struct spm_partition *p, const char *api,
                                       psa_handle_t h, uint32_t idx)
{
	struct spm_conn *c = message(p, api, h);

	if (c->type < 0) {
		misuse(p, api,
		       "a connect or disconnect message has no "
		       "vectors");
	}
	if (idx >= PSA_MAX_IOVEC) {
		misuse(p, api, "the vector index is PSA_MAX_IOVEC or more");
	}
	return c;
}

static size_t read_impl(psa_handle_t msg_handle, uint32_t invec_idx,
                        void *buffer, size_t num_bytes)
{
	struct spm_partition *p = service_caller("psa_read");
	struct spm_conn *c;
	struct conn_vec *v;
	size_t n;

	if (p == NULL) {
		return 0;
	}
	c = vector_message(p, "psa_read", msg_handle, invec_idx);
	v = &c->in_state[invec_idx];
	if (v->mapped) {
		misuse(p, "psa_read", "the input vector is mapped");
	}
	if (!spm_memory_ok(p, buffer, num_bytes, true)) {
		misuse(p, "psa_read", "the partition may not write buffer");
	}
	n = c->in[invec_idx].len - v->done;
	n = num_bytes < n ? num_bytes : n;
	if (n > 0) {
		memcpy(buffer, (const uint8_t *)c->in[invec_idx].base + v->done,
		       n);
	}
	v->done += n;
	v->accessed = true;
	return n;
}

static size_t skip_impl(psa_handle_t msg_handle, uint32_t invec_idx,
                        size_t num_bytes)
{
	struct spm_partition *p = service_caller("psa_skip");
	struct spm_conn *c;
	struct conn_vec *v;
	size_t n;

	if (p == NULL) {
		return 0;
	}
	c = vector_message(p, "psa_skip", msg_handle, invec_idx);
	v = &c->in_state[invec_idx];
	if (v->mapped) {
		misuse(p, "psa_skip", "the input vector is mapped");
	}
	n = c->in[invec_idx].len - v->done;
	n = num_bytes < n ? num_bytes : n;
	v->done += n;
	v->accessed = true;
	return n;
}

static void write_impl(psa_handle_t msg_handle, uint32_t outvec_idx,
                       const void *buffer, size_t num_bytes)
{
	struct spm_partition *p = service_caller("psa_write");
	struct spm_conn *c;
	struct conn_vec *v;

	if (p == NULL) {
		return;
	}
	c = vector_message(p, "psa_write", msg_handle, outvec_idx);
	v = &c->out_state[outvec_idx];
	if (v->mapped) {
		misuse(p, "psa_write", "the output vector is mapped");
	}
	if (num_bytes > c->out[outvec_idx].len - v->done) {
		misuse(p, "psa_write",
		       "the write goes past the end of the "
		       "output vector");
	}
	if (!spm_memory_ok(p, buffer, num_bytes, false)) {
		misuse(p, "psa_write", "the partition may not read buffer");
	}
	if (num_bytes > 0) {
		memcpy((uint8_t *)c->out[outvec_idx].base + v->done, buffer,
		       num_bytes);
	}
	v->done += num_bytes;
	v->accessed = true;
}

void spm_reply_impl(struct spm_conn *c, psa_status_t status)
{
	spm_reply_record(c, status);
	spm_sys()->config.backend->replied(c);
}

static void reply_impl(psa_handle_t msg_handle, psa_status_t status)
{
	struct spm_partition *p = service_caller("psa_reply");
	struct spm_conn *c;

	if (p == NULL) {
		return;
	}
	if (is_sfn(p)) {
		misuse(p, "psa_reply",
		       "an SFN-model service replies by "
		       "returning from its service function");
	}
	c = message(p, "psa_reply", msg_handle);
	if (!spm_reply_status_valid(c, status)) {
		misuse(p, "psa_reply", SPM_RULE_CONNECT_STATUS);
	}
	spm_reply_impl(c, status);
	spm_sys()->config.backend->preempt_point();
}

static void set_rhandle_impl(psa_handle_t msg_handle, void *rhandle)
{
	struct spm_partition *p = service_caller("psa_set_rhandle");
	struct spm_conn *c;

	if (p == NULL) {
		return;
	}
	c = message(p, "psa_set_rhandle", msg_handle);
	if (c->stateless) {
		misuse(p, "psa_set_rhandle",
		       "a stateless service has no connection to keep an "
		       "rhandle in");
	}
	c->rhandle = rhandle;
}

/* ------------------------------------------------------------ mm-iovec */

/** The vector state for a map or unmap, after the mm-iovec rules. */
static struct conn_vec *mm_vector(struct spm_partition *p, const char *api,
                                  psa_handle_t h, uint32_t idx, bool out,
                                  struct spm_conn **conn)
{
	struct spm_conn *c = vector_message(p, api, h, idx);

	if (spm_sys()->config.isolation_level != 1) {
		misuse(p, api,
		       "mm-iovec is available at isolation level 1 "
		       "only");
	}
	if (!c->service->desc->mm_iovec) {
		misuse(p, api, "the service does not enable mm_iovec");
	}
	*conn = c;
	return out ? &c->out_state[idx] : &c->in_state[idx];
}

/** Maps a vector of length @len under the mapping rules. */
static void map_vector(struct spm_partition *p, const char *api,
                       struct conn_vec *v, size_t len)
{
	if (len == 0) {
		misuse(p, api, "the vector has length 0");
	}
	if (v->mapped) {
		misuse(p, api, "the vector is already mapped");
	}
	if (v->accessed) {
		misuse(p, api, "the vector was already read or written");
	}
	v->mapped = true;
}

static const void *map_invec_impl(psa_handle_t msg_handle, uint32_t invec_idx)
{
	struct spm_partition *p = service_caller("psa_map_invec");
	struct spm_conn *c;
	struct conn_vec *v;

	if (p == NULL) {
		return NULL;
	}
	v = mm_vector(p, "psa_map_invec", msg_handle, invec_idx, false, &c);
	map_vector(p, "psa_map_invec", v, c->in[invec_idx].len);
	return c->in[invec_idx].base;
}

static void unmap_invec_impl(psa_handle_t msg_handle, uint32_t invec_idx)
{
	struct spm_partition *p = service_caller("psa_unmap_invec");
	struct spm_conn *c;
	struct conn_vec *v;

	if (p == NULL) {
		return;
	}
	v = mm_vector(p, "psa_unmap_invec", msg_handle, invec_idx, false, &c);
	if (!v->mapped || v->unmapped) {
		misuse(p, "psa_unmap_invec", "the vector is not mapped");
	}
	v->unmapped = true;
}

static void *map_outvec_impl(psa_handle_t msg_handle, uint32_t outvec_idx)
{
	struct spm_partition *p = service_caller("psa_map_outvec");
	struct spm_conn *c;
	struct conn_vec *v;

	if (p == NULL) {
		return NULL;
	}
	v = mm_vector(p, "psa_map_outvec", msg_handle, outvec_idx, true, &c);
	map_vector(p, "psa_map_outvec", v, c->out[outvec_idx].len);
	return c->out[outvec_idx].base;
}

static void unmap_outvec_impl(psa_handle_t msg_handle, uint32_t outvec_idx,
                              size_t len)
{
	struct spm_partition *p = service_caller("psa_unmap_outvec");
	struct spm_conn *c;
	struct conn_vec *v;

	if (p == NULL) {
		return;
	}
	v = mm_vector(p, "psa_unmap_outvec", msg_handle, outvec_idx, true, &c);
	if (!v->mapped || v->unmapped) {
		misuse(p, "psa_unmap_outvec", "the vector is not mapped");
	}
	if (len > c->out[outvec_idx].len) {
		misuse(p, "psa_unmap_outvec",
		       "len is larger than the output vector");
	}
	v->done = len;
	v->unmapped = true;
}

/* ---------------------------------------------------------- interrupts */

/** The index of IRQ signal @signal of @p, panicking on anything else. */
static uint32_t irq_index(struct spm_partition *p, const char *api,
                          psa_signal_t signal)
{
	const struct spm_partition_desc *d = p->desc;

	if (one_bit(signal) && (signal & p->signals_irq) != 0) {
		for (uint32_t i = 0; i < d->n_irqs; i++) {
			if (d->irqs[i].signal == signal) {
				return i;
			}
		}
	}
	misuse(p, api, "irq_signal is not one IRQ signal of the caller");
}

static void eoi_impl(psa_signal_t irq_signal)
{
	struct spm_partition *p = service_caller("psa_eoi");
	uint32_t i;

	if (p == NULL) {
		return;
	}
	i = irq_index(p, "psa_eoi", irq_signal);
	if (p->desc->irqs[i].handling != SPM_IRQ_SLIH) {
		misuse(p, "psa_eoi",
		       "irq_signal belongs to a first-level "
		       "handled IRQ (use psa_reset_signal)");
	}
	if ((p->signals_asserted & irq_signal) == 0) {
		misuse(p, "psa_eoi", "irq_signal is not asserted");
	}
	p->signals_asserted &= ~irq_signal;
	p->irq_enabled |= 1u << i;
	arch_irq_enable(spm_irq_line_of(p, i));
}

static void reset_signal_impl(psa_signal_t irq_signal)
{
	struct spm_partition *p = service_caller("psa_reset_signal");
	uint32_t i;

	if (p == NULL) {
		return;
	}
	i = irq_index(p, "psa_reset_signal", irq_signal);
	if (p->desc->irqs[i].handling != SPM_IRQ_FLIH) {
		misuse(p, "psa_reset_signal",
		       "irq_signal belongs to a second-level handled IRQ "
		       "(use psa_eoi)");
	}
	if ((p->signals_asserted & irq_signal) == 0) {
		misuse(p, "psa_reset_signal", "irq_signal is not asserted");
	}
	p->signals_asserted &= ~irq_signal;
}

static void irq_enable_impl(psa_signal_t irq_signal)
{
	struct spm_partition *p = service_caller("psa_irq_enable");
	uint32_t i;

	if (p == NULL) {
		return;
	}
	i = irq_index(p, "psa_irq_enable", irq_signal);
	p->irq_enabled |= 1u << i;
	arch_irq_enable(spm_irq_line_of(p, i));
}

static psa_irq_status_t irq_disable_impl(psa_signal_t irq_signal)
{
	struct spm_partition *p = service_caller("psa_irq_disable");
	uint32_t i, bit;
	psa_irq_status_t was;

	if (p == NULL) {
		return 0;
	}
	i = irq_index(p, "psa_irq_disable", irq_signal);
	bit = 1u << i;
	/*
	 * FF-M 1.1 returns the previous state (1 enabled, 0 disabled); TF-M
	 * always returns 1. The spec wins here.
	 */
	was = (p->irq_enabled & bit) != 0;
	p->irq_enabled &= ~bit;
	arch_irq_disable(spm_irq_line_of(p, i));
	return was;
}

/* ------------------------------------------------- traced entry points
 *
 * Each psa_* function reports its entry and its result around the work
 * (trace.h); with tracing off that costs one branch on each side. A call
 * that panics its caller never returns, so its end is the panic's event.
 */

#define HANDLE_INDEX      (SPM_TRACE_F_HANDLE | SPM_TRACE_F_INDEX)
#define HANDLE_INDEX_SIZE (HANDLE_INDEX | SPM_TRACE_F_SIZE)

psa_signal_t psa_wait(psa_signal_t signal_mask, uint32_t timeout)
{
	psa_signal_t r;

	spm_trace_api("psa_wait", SPM_TRACE_F_SIGNAL | SPM_TRACE_F_TIMEOUT, 0,
	              0, signal_mask, timeout);
	r = wait_impl(signal_mask, timeout);
	spm_trace_signals("psa_wait", r);
	return r;
}

void psa_notify(int32_t partition_id)
{
	spm_trace_api("psa_notify", SPM_TRACE_F_PEER, 0, 0,
	              (uint32_t)partition_id, 0);
	notify_impl(partition_id);
	spm_trace_void("psa_notify");
}

void psa_clear(void)
{
	spm_trace_api("psa_clear", 0, 0, 0, 0, 0);
	clear_impl();
	spm_trace_void("psa_clear");
}

uint32_t psa_rot_lifecycle_state(void)
{
	uint32_t r;

	spm_trace_api("psa_rot_lifecycle_state", 0, 0, 0, 0, 0);
	r = lifecycle_impl();
	spm_trace_value("psa_rot_lifecycle_state", r);
	return r;
}

psa_status_t psa_get(psa_signal_t signal, psa_msg_t *msg)
{
	psa_status_t r;

	spm_trace_api("psa_get", SPM_TRACE_F_SIGNAL, 0, 0, signal, 0);
	r = get_impl(signal, msg);
	spm_trace_status("psa_get", r);
	return r;
}

size_t psa_read(psa_handle_t msg_handle, uint32_t invec_idx, void *buffer,
                size_t num_bytes)
{
	size_t r;

	spm_trace_api("psa_read", HANDLE_INDEX_SIZE, msg_handle, 0, invec_idx,
	              (uint32_t)num_bytes);
	r = read_impl(msg_handle, invec_idx, buffer, num_bytes);
	spm_trace_value("psa_read", r);
	return r;
}

size_t psa_skip(psa_handle_t msg_handle, uint32_t invec_idx, size_t num_bytes)
{
	size_t r;

	spm_trace_api("psa_skip", HANDLE_INDEX_SIZE, msg_handle, 0, invec_idx,
	              (uint32_t)num_bytes);
	r = skip_impl(msg_handle, invec_idx, num_bytes);
	spm_trace_value("psa_skip", r);
	return r;
}

void psa_write(psa_handle_t msg_handle, uint32_t outvec_idx, const void *buffer,
               size_t num_bytes)
{
	spm_trace_api("psa_write", HANDLE_INDEX_SIZE, msg_handle, 0, outvec_idx,
	              (uint32_t)num_bytes);
	write_impl(msg_handle, outvec_idx, buffer, num_bytes);
	spm_trace_void("psa_write");
}

void psa_reply(psa_handle_t msg_handle, psa_status_t status)
{
	spm_trace_api("psa_reply", SPM_TRACE_F_HANDLE | SPM_TRACE_F_STATUS,
	              msg_handle, 0, (uint32_t)status, 0);
	reply_impl(msg_handle, status);
	spm_trace_void("psa_reply");
}

void psa_set_rhandle(psa_handle_t msg_handle, void *rhandle)
{
	spm_trace_api("psa_set_rhandle", SPM_TRACE_F_HANDLE, msg_handle, 0, 0,
	              0);
	set_rhandle_impl(msg_handle, rhandle);
	spm_trace_void("psa_set_rhandle");
}

const void *psa_map_invec(psa_handle_t msg_handle, uint32_t invec_idx)
{
	const void *r;

	spm_trace_api("psa_map_invec", HANDLE_INDEX, msg_handle, 0, invec_idx,
	              0);
	r = map_invec_impl(msg_handle, invec_idx);
	spm_trace_void("psa_map_invec");
	return r;
}

void psa_unmap_invec(psa_handle_t msg_handle, uint32_t invec_idx)
{
	spm_trace_api("psa_unmap_invec", HANDLE_INDEX, msg_handle, 0, invec_idx,
	              0);
	unmap_invec_impl(msg_handle, invec_idx);
	spm_trace_void("psa_unmap_invec");
}

void *psa_map_outvec(psa_handle_t msg_handle, uint32_t outvec_idx)
{
	void *r;

	spm_trace_api("psa_map_outvec", HANDLE_INDEX, msg_handle, 0, outvec_idx,
	              0);
	r = map_outvec_impl(msg_handle, outvec_idx);
	spm_trace_void("psa_map_outvec");
	return r;
}

void psa_unmap_outvec(psa_handle_t msg_handle, uint32_t outvec_idx, size_t len)
{
	spm_trace_api("psa_unmap_outvec", HANDLE_INDEX_SIZE, msg_handle, 0,
	              outvec_idx, (uint32_t)len);
	unmap_outvec_impl(msg_handle, outvec_idx, len);
	spm_trace_void("psa_unmap_outvec");
}

void psa_eoi(psa_signal_t irq_signal)
{
	spm_trace_api("psa_eoi", SPM_TRACE_F_SIGNAL, 0, 0, irq_signal, 0);
	eoi_impl(irq_signal);
	spm_trace_void("psa_eoi");
}

void psa_reset_signal(psa_signal_t irq_signal)
{
	spm_trace_api("psa_reset_signal", SPM_TRACE_F_SIGNAL, 0, 0, irq_signal,
	              0);
	reset_signal_impl(irq_signal);
	spm_trace_void("psa_reset_signal");
}

void psa_irq_enable(psa_signal_t irq_signal)
{
	spm_trace_api("psa_irq_enable", SPM_TRACE_F_SIGNAL, 0, 0, irq_signal,
	              0);
	irq_enable_impl(irq_signal);
	spm_trace_void("psa_irq_enable");
}

psa_irq_status_t psa_irq_disable(psa_signal_t irq_signal)
{
	psa_irq_status_t r;

	spm_trace_api("psa_irq_disable", SPM_TRACE_F_SIGNAL, 0, 0, irq_signal,
	              0);
	r = irq_disable_impl(irq_signal);
	spm_trace_value("psa_irq_disable", r);
	return r;
}
