/*
 * An NVIC-shaped interrupt controller model: per line enabled, pending,
 * active and an 8-bit priority (lower value = more urgent), PRIMASK and
 * BASEPRI masking, and "highest pending" as the core would see it.
 *
 * nvic_raise() may be called from anywhere: a POSIX signal handler, another
 * thread. Every other function belongs to the simulated core (one thread at a
 * time). nvic.c says which fields each side touches.
 */
#ifndef NVIC_H
#define NVIC_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Most lines one controller models. */
#define NVIC_MAX_LINES 256u

/** Status: done. */
#define NVIC_OK        0
/** Status: a line or a configuration value out of range. */
#define NVIC_ERR_ARG   (-1)
/** Status: the line is not in a state that allows the operation. */
#define NVIC_ERR_STATE (-2)

/** The execution priority of thread mode: less urgent than any line. */
#define NVIC_THREAD_PRIORITY 256

/** What nvic_raise() did with the request. */
enum nvic_raise_result {
	NVIC_RAISE_BAD_LINE = NVIC_ERR_ARG, /* out of range: ignored */
	NVIC_RAISE_MERGED = 0,              /* the line was already pending */
	NVIC_RAISE_NEW = 1,                 /* the line became pending */
};

/** Counts since nvic_init(); see nvic_get_stats(). */
struct nvic_stats {
	unsigned long raised;  /* nvic_raise() calls on valid lines */
	unsigned long merged;  /* of those, the ones that found it pending */
	unsigned long taken;   /* nvic_take() successes */
	unsigned long cleared; /* pending lines dropped by nvic_clear_pending */
};

#define NVIC_WORDS (NVIC_MAX_LINES / 32u)

/**
 * One controller. Fields are private to nvic.c; a user allocates the struct
 * (statically, on the stack, anywhere) and calls nvic_init().
 */
struct nvic {
	unsigned n_lines;
	uint8_t prio_mask;
	_Atomic uint32_t pending[NVIC_WORDS];
	/** Set by anything that may make a line takeable; see nvic_attention.
	 */
	atomic_bool attention;
	/** A word that mirrors attention as bell_bit (nvic_set_bell). */
	unsigned *bell;
	unsigned bell_bit;
	atomic_ulong raised;
	atomic_ulong merged;
	uint32_t enabled[NVIC_WORDS];
	uint32_t active[NVIC_WORDS];
	uint8_t priority[NVIC_MAX_LINES];
	bool primask;
	uint8_t basepri;
	unsigned long taken;
	unsigned long cleared;
};

/**
 * True (once) when something happened since the last call that may have
 * made a line takeable: a raise, an enable, a completion, a mask or priority
 * change. The core calls it at every interrupt point, so a point with
 * nothing new costs one atomic exchange; the scan follows only when it says
 * so. Core side only.
 */
static inline bool nvic_attention(struct nvic *n)
{
	/* A plain load first: the locked exchange only when there is news.
	 * Inline: every interrupt point asks, and almost always hears no. */
	if (!atomic_load_explicit(&n->attention, memory_order_relaxed)) {
		return false;
	}
	/* The bell first: news arriving after this rings it again. */
	if (n->bell != NULL) {
		__atomic_fetch_and(n->bell, ~n->bell_bit, __ATOMIC_RELAXED);
	}
	return atomic_exchange_explicit(&n->attention, false,
	                                memory_order_acquire);
}

/** nvic_attention() without consuming the news: a plain load. */
static inline bool nvic_attention_pending(const struct nvic *n)
{
	return atomic_load_explicit(&n->attention, memory_order_relaxed);
}

/**
 * Has @n set @bit in *@word whenever it sets its attention, and clear it
 * when nvic_attention() consumes the news, so that one load of *@word can
 * stand for this controller and other sources together. nvic_init() drops
 * the bell.
 */
void nvic_set_bell(struct nvic *n, unsigned *word, unsigned bit);

/**
 * Resets @n to @n_lines lines (1..NVIC_MAX_LINES), all disabled, not pending,
 * not active, priority 0, with @prio_bits (1..8) implemented priority bits:
 * the top bits of each 8-bit priority, the low ones reading as zero.
 * PRIMASK and BASEPRI start clear. Returns NVIC_OK or NVIC_ERR_ARG (and then
 * leaves @n unusable).
 */
int nvic_init(struct nvic *n, unsigned n_lines, unsigned prio_bits);

/** The number of lines @n was initialised with. */
unsigned nvic_lines(const struct nvic *n);

/**
 * Marks @line pending, enabled or not. Async-signal-safe and thread-safe:
 * lock-free, no allocation, no system call. Returns NVIC_RAISE_NEW, or
 * NVIC_RAISE_MERGED when the line was already pending (the two requests
 * become one, as on hardware), or NVIC_RAISE_BAD_LINE. Writes made before
 * the call are visible to the core once it sees the line pending.
 */
enum nvic_raise_result nvic_raise(struct nvic *n, unsigned line);

/**
 * nvic_raise() @count times at once (@count >= 1): the first as it would be,
 * the rest merged into it.
 */
enum nvic_raise_result nvic_raise_many(struct nvic *n, unsigned line,
                                       unsigned long count);

/**
 * The line the core would take now: pending, enabled, not active and more
 * urgent than nvic_exec_priority(); the most urgent such line, the lower
 * number on a tie. -1 when there is none.
 */
int nvic_highest_pending(const struct nvic *n);

/**
 * Acknowledges @line: pending -> active, raising the execution priority.
 * The line must be one nvic_highest_pending() could return now (not
 * necessarily the highest), else NVIC_ERR_STATE; NVIC_ERR_ARG for a bad line.
 */
int nvic_take(struct nvic *n, unsigned line);

/**
 * Exception return from @line: clears active, so the execution priority
 * falls back to the next active line or the masks. A raise that arrived
 * while the line was active leaves it pending, to be taken again.
 * NVIC_ERR_STATE if the line is not active; NVIC_ERR_ARG for a bad line.
 */
int nvic_complete(struct nvic *n, unsigned line);

/** Enables @line; a line already pending becomes eligible. */
int nvic_enable(struct nvic *n, unsigned line);

/** Disables @line; a pending line stays pending. */
int nvic_disable(struct nvic *n, unsigned line);

/** Whether @line is enabled; false for a bad line. */
bool nvic_is_enabled(const struct nvic *n, unsigned line);

/** Drops a pending request on @line (counted in stats.cleared if any). */
int nvic_clear_pending(struct nvic *n, unsigned line);

/** Whether @line is pending; false for a bad line. */
bool nvic_is_pending(const struct nvic *n, unsigned line);

/** Whether @line is active (taken, not yet completed); false for a bad line. */
bool nvic_is_active(const struct nvic *n, unsigned line);

/** Sets @line's priority; unimplemented low bits are dropped. */
int nvic_set_priority(struct nvic *n, unsigned line, uint8_t priority);

/** @line's priority as stored (0..255), or NVIC_ERR_ARG. */
int nvic_get_priority(const struct nvic *n, unsigned line);

/** PRIMASK: when set, no line can be taken (every priority is masked). */
void nvic_set_primask(struct nvic *n, bool masked);

/** The PRIMASK state. */
bool nvic_get_primask(const struct nvic *n);

/**
 * BASEPRI: lines whose priority value is >= @basepri cannot be taken;
 * 0 masks nothing. Unimplemented low bits are dropped, as for priorities.
 */
void nvic_set_basepri(struct nvic *n, uint8_t basepri);

/** The BASEPRI value as stored. */
uint8_t nvic_get_basepri(const struct nvic *n);

/**
 * The current execution priority: the most urgent of the active lines'
 * priorities, 0 under PRIMASK, BASEPRI when non-zero; NVIC_THREAD_PRIORITY
 * when nothing applies. A line preempts only if strictly more urgent.
 */
int nvic_exec_priority(const struct nvic *n);

/**
 * Copies the counters into @out. When no nvic_raise() is in flight,
 * raised == merged + taken + cleared + (lines pending now).
 */
void nvic_get_stats(struct nvic *n, struct nvic_stats *out);

#endif /* NVIC_H */
