/*
 * SP_IRQ's probe service (IRQ_PROBE): a request names what PROBE's
 * first-level handler (line 62) does when it next runs, in_vec[0] an
 * address as a uint64_t; IRQ_PROBE_QUERY writes {handler runs, signals
 * seen by the thread, IRQ_PROBE_HOST or 0} into out_vec[0]. A request
 * clears the counts.
 */
#ifndef IRQ_SP_API_H
#define IRQ_SP_API_H

#define IRQ_PROBE_QUERY          0
/** The handler asks for its signal, nothing more. */
#define IRQ_PROBE_ACT_SIGNAL     1
/** The handler writes a byte at the address, then asks for its signal. */
#define IRQ_PROBE_ACT_WRITE      2
/**
 * The handler rewrites the Secure MPU's control register with its own
 * value (an access only privileged code may make), then asks for its
 * signal.
 */
#define IRQ_PROBE_ACT_MPU        3
/** The handler returns neither PSA_FLIH_SIGNAL nor PSA_FLIH_NO_SIGNAL. */
#define IRQ_PROBE_ACT_BAD_RESULT 4
/** The handler calls psa_irq_enable() for its own signal (no effect). */
#define IRQ_PROBE_ACT_PSA_CALL   5

/** The line PROBE's first-level handler is on. */
#define IRQ_PROBE_LINE 62u

/**
 * The third count on the host, where there is no MPU to write and where a
 * first-level handler may make the PSA calls that do not block.
 */
#define IRQ_PROBE_HOST 1u

#endif /* IRQ_SP_API_H */
