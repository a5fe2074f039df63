/*
 * NVIC model: how it works.
 *
 * Each line has four pieces of state, kept as bitmaps of 32-bit words (line i
 * is bit i % 32 of word i / 32) plus one byte of priority per line. The
 * simulated core asks nvic_highest_pending() at its defined delivery points,
 * acknowledges with nvic_take() and returns with nvic_complete(); the
 * execution priority is derived on demand from the active bitmap and the
 * PRIMASK/BASEPRI masks, so nesting needs no stack of its own.
 *
 * Thread-safety rules, the only ones in this module:
 * - Touched asynchronously: the pending bitmap and the raised/merged
 *   counters. nvic_raise() sets a pending bit with one atomic fetch-or
 *   (release) and bumps the counters (relaxed); it is lock-free, allocates
 *   nothing and makes no system call, so a signal handler or any thread may
 *   call it while the core runs. The fetch-or's old value says whether the
 *   raise merged into a request already pending.
 * - Only the core clears pending bits (nvic_take, nvic_clear_pending), with an
 *   atomic fetch-and (acquire), so a bit the core has seen set stays set until
 *   the core itself clears it, and a raise racing with the clear is either
 *   merged before it or pending again after it: never lost.
 * - Everything else (n_lines and prio_mask after nvic_init, enabled, active,
 *   priority, primask, basepri, taken, cleared) belongs to the simulated core
 *   alone; nvic_raise() reads only n_lines, which nvic_init() wrote before any
 *   raiser could start.
 * The struct needs no lock because of those rules, and none is taken.
 */
#include "nvic.h"

#include <assert.h>
#include <string.h>

static_assert(ATOMIC_INT_LOCK_FREE == 2, "nvic_raise needs lock-free words");
static_assert(ATOMIC_LONG_LOCK_FREE == 2,
              "nvic_raise needs lock-free counters");
static_assert(sizeof(uint32_t) <= sizeof(unsigned),
              "__builtin_ctz takes the words");

/** Whether @line names one of @n's lines. */
static bool line_ok(const struct nvic *n, unsigned line)
{
	return line < n->n_lines;
}

/** @line's bit within its bitmap word. */
static uint32_t bit_of(unsigned line)
{
	return UINT32_C(1) << (line % 32u);
}

/** Whether @line's bit is set in the plain bitmap @map. */
static bool map_test(const uint32_t *map, unsigned line)
{
	return (map[line / 32u] & bit_of(line)) != 0;
}

/** The pending word @w as the core sees it now. */
static uint32_t pending_word(const struct nvic *n, unsigned w)
{
	return atomic_load_explicit(&n->pending[w], memory_order_acquire);
}

/** News that may make a line takeable: attention, and the bell if any. */
static void notify(struct nvic *n)
{
	atomic_store_explicit(&n->attention, true, memory_order_release);
	if (n->bell != NULL) {
		__atomic_fetch_or(n->bell, n->bell_bit, __ATOMIC_RELEASE);
	}
}

void nvic_set_bell(struct nvic *n, unsigned *word, unsigned bit)
{
	n->bell = word;
	n->bell_bit = bit;
	if (atomic_load(&n->attention)) {
		__atomic_fetch_or(word, bit, __ATOMIC_RELEASE);
	}
}

int nvic_init(struct nvic *n, unsigned n_lines, unsigned prio_bits)
{
	if (n_lines == 0 || n_lines > NVIC_MAX_LINES || prio_bits == 0 ||
	    prio_bits > 8) {
		return NVIC_ERR_ARG;
	}
	memset(n, 0, sizeof(*n));
	for (unsigned w = 0; w < NVIC_WORDS; w++) {
		atomic_init(&n->pending[w], 0);
	}
	atomic_init(&n->raised, 0);
	atomic_init(&n->merged, 0);
	n->n_lines = n_lines;
	n->prio_mask = (uint8_t)(0xffu << (8u - prio_bits));
	return NVIC_OK;
}

unsigned nvic_lines(const struct nvic *n)
{
	return n->n_lines;
}

enum nvic_raise_result nvic_raise(struct nvic *n, unsigned line)
{
	uint32_t old;

	if (!line_ok(n, line)) {
		return NVIC_RAISE_BAD_LINE;
	}
	old = atomic_fetch_or_explicit(&n->pending[line / 32u], bit_of(line),
	                               memory_order_release);
	notify(n);
	atomic_fetch_add_explicit(&n->raised, 1, memory_order_relaxed);
	if (old & bit_of(line)) {
		atomic_fetch_add_explicit(&n->merged, 1, memory_order_relaxed);
		return NVIC_RAISE_MERGED;
	}
	return NVIC_RAISE_NEW;
}

enum nvic_raise_result nvic_raise_many(struct nvic *n, unsigned line,
                                       unsigned long count)
{
	enum nvic_raise_result r = nvic_raise(n, line);

	if (r != NVIC_RAISE_BAD_LINE && count > 1) {
		atomic_fetch_add_explicit(&n->raised, count - 1,
		                          memory_order_relaxed);
		atomic_fetch_add_explicit(&n->merged, count - 1,
		                          memory_order_relaxed);
	}
	return r;
}

int nvic_exec_priority(const struct nvic *n)
{
	int prio = NVIC_THREAD_PRIORITY;

	if (n->primask) {
		return 0;
	}
	if (n->basepri != 0) {
		prio = n->basepri;
	}
	for (unsigned w = 0; w < NVIC_WORDS; w++) {
		uint32_t bits = n->active[w];

		while (bits != 0) {
			unsigned line = w * 32u + (unsigned)__builtin_ctz(bits);

			bits &= bits - 1;
			if (n->priority[line] < prio) {
				prio = n->priority[line];
			}
		}
	}
	return prio;
}

/** Bits of word @w whose lines are pending, enabled and not active. */
static uint32_t candidates(const struct nvic *n, unsigned w)
{
	return pending_word(n, w) & n->enabled[w] & ~n->active[w];
}

int nvic_highest_pending(const struct nvic *n)
{
	int best = -1;
	int best_prio;
	unsigned words = (n->n_lines + 31u) / 32u;
	uint32_t any = 0;

	/* The common case, at every interrupt point: nothing to take. */
	for (unsigned w = 0; w < words; w++) {
		any |= candidates(n, w);
	}
	if (any == 0) {
		return -1;
	}
	best_prio = nvic_exec_priority(n);
	for (unsigned w = 0; w < words; w++) {
		uint32_t bits = candidates(n, w);

		while (bits != 0) {
			unsigned line = w * 32u + (unsigned)__builtin_ctz(bits);

			bits &= bits - 1;
			/* Strictly more urgent: ties go to the lower line. */
			if (n->priority[line] < best_prio) {
				best_prio = n->priority[line];
				best = (int)line;
			}
		}
	}
	return best;
}

/** Whether @line could be taken now (nvic_highest_pending's test). */
static bool can_take(const struct nvic *n, unsigned line)
{
	return (candidates(n, line / 32u) & bit_of(line)) != 0 &&
	       n->priority[line] < nvic_exec_priority(n);
}

int nvic_take(struct nvic *n, unsigned line)
{
	if (!line_ok(n, line)) {
		return NVIC_ERR_ARG;
	}
	if (!can_take(n, line)) {
		return NVIC_ERR_STATE;
	}
	atomic_fetch_and_explicit(&n->pending[line / 32u], ~bit_of(line),
	                          memory_order_acquire);
	n->active[line / 32u] |= bit_of(line);
	n->taken++;
	return NVIC_OK;
}

int nvic_complete(struct nvic *n, unsigned line)
{
	if (!line_ok(n, line)) {
		return NVIC_ERR_ARG;
	}
	if (!map_test(n->active, line)) {
		return NVIC_ERR_STATE;
	}
	n->active[line / 32u] &= ~bit_of(line);
	notify(n);
	return NVIC_OK;
}

int nvic_enable(struct nvic *n, unsigned line)
{
	if (!line_ok(n, line)) {
		return NVIC_ERR_ARG;
	}
	n->enabled[line / 32u] |= bit_of(line);
	notify(n);
	return NVIC_OK;
}

int nvic_disable(struct nvic *n, unsigned line)
{
	if (!line_ok(n, line)) {
		return NVIC_ERR_ARG;
	}
	n->enabled[line / 32u] &= ~bit_of(line);
	return NVIC_OK;
}

bool nvic_is_enabled(const struct nvic *n, unsigned line)
{
	return line_ok(n, line) && map_test(n->enabled, line);
}

int nvic_clear_pending(struct nvic *n, unsigned line)
{
	uint32_t old;

	if (!line_ok(n, line)) {
		return NVIC_ERR_ARG;
	}
	old = atomic_fetch_and_explicit(&n->pending[line / 32u], ~bit_of(line),
	                                memory_order_acquire);
	if (old & bit_of(line)) {
		n->cleared++;
	}
	return NVIC_OK;
}

bool nvic_is_pending(const struct nvic *n, unsigned line)
{
	return line_ok(n, line) &&
	       (pending_word(n, line / 32u) & bit_of(line)) != 0;
}

bool nvic_is_active(const struct nvic *n, unsigned line)
{
	return line_ok(n, line) && map_test(n->active, line);
}

int nvic_set_priority(struct nvic *n, unsigned line, uint8_t priority)
{
	if (!line_ok(n, line)) {
		return NVIC_ERR_ARG;
	}
	n->priority[line] = priority & n->prio_mask;
	notify(n);
	return NVIC_OK;
}

int nvic_get_priority(const struct nvic *n, unsigned line)
{
	if (!line_ok(n, line)) {
		return NVIC_ERR_ARG;
	}
	return n->priority[line];
}

void nvic_set_primask(struct nvic *n, bool masked)
{
	n->primask = masked;
	notify(n);
}

bool nvic_get_primask(const struct nvic *n)
{
	return n->primask;
}

void nvic_set_basepri(struct nvic *n, uint8_t basepri)
{
	n->basepri = basepri & n->prio_mask;
	notify(n);
}

uint8_t nvic_get_basepri(const struct nvic *n)
{
	return n->basepri;
}

void nvic_get_stats(struct nvic *n, struct nvic_stats *out)
{
	out->raised = atomic_load_explicit(&n->raised, memory_order_relaxed);
	out->merged = atomic_load_explicit(&n->merged, memory_order_relaxed);
	out->taken = n->taken;
	out->cleared = n->cleared;
}
