/*
 * PSA Firmware Framework-M 1.1 service API: what a secure partition calls to
 * receive and answer requests, take interrupts and signal other partitions.
 */
#ifndef PSA_SERVICE_H
#define PSA_SERVICE_H

#include <stddef.h>
#include <stdint.h>

#include "psa/client.h"
#include "psa/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define PSA_NORETURN __attribute__((noreturn))
#else
#define PSA_NORETURN
#endif

/** psa_wait() timeouts: return at once, or block until a signal is asserted. */
#define PSA_POLL  (0x00000000u)
#define PSA_BLOCK (0x80000000u)

/** psa_wait() mask that accepts every signal of the partition. */
#define PSA_WAIT_ANY (0xFFFFFFFFu)

/** The signal psa_notify() asserts in the target partition. */
#define PSA_DOORBELL (0x00000008u)

/** Message types the SPM generates for connection-based services. */
#define PSA_IPC_CONNECT    (-1)
#define PSA_IPC_DISCONNECT (-2)

/** First-level interrupt handler results. */
#define PSA_FLIH_NO_SIGNAL ((psa_flih_result_t)0)
#define PSA_FLIH_SIGNAL    ((psa_flih_result_t)1)

/** A set of signal bits of one partition. */
typedef uint32_t psa_signal_t;

/** What a first-level interrupt handler returns. */
typedef uint32_t psa_flih_result_t;

/** The interrupt state psa_irq_disable() returns. */
typedef uint32_t psa_irq_status_t;

/** A message as psa_get() hands it to the service. */
typedef struct psa_msg_t {
	int32_t type;
	psa_handle_t handle;
	int32_t client_id;
	void *rhandle;
	size_t in_size[PSA_MAX_IOVEC];
	size_t out_size[PSA_MAX_IOVEC];
} psa_msg_t;

/** Returns the asserted signals in @signal_mask, blocking per @timeout. */
psa_signal_t psa_wait(psa_signal_t signal_mask, uint32_t timeout);

/** Takes the next message for the single service signal @signal. */
psa_status_t psa_get(psa_signal_t signal, psa_msg_t *msg);

/** Attaches @rhandle to the connection of message @msg_handle. */
void psa_set_rhandle(psa_handle_t msg_handle, void *rhandle);

/** Copies up to @num_bytes of input vector @invec_idx into @buffer. */
size_t psa_read(psa_handle_t msg_handle, uint32_t invec_idx, void *buffer,
                size_t num_bytes);

/** Skips up to @num_bytes of input vector @invec_idx. */
size_t psa_skip(psa_handle_t msg_handle, uint32_t invec_idx, size_t num_bytes);

/** Appends @num_bytes from @buffer to output vector @outvec_idx. */
void psa_write(psa_handle_t msg_handle, uint32_t outvec_idx, const void *buffer,
               size_t num_bytes);

/** Completes message @msg_handle with @status. */
void psa_reply(psa_handle_t msg_handle, psa_status_t status);

/** Asserts PSA_DOORBELL in partition @partition_id. */
void psa_notify(int32_t partition_id);

/** Clears the caller's PSA_DOORBELL signal. */
void psa_clear(void);

/** Ends handling of the second-level interrupt @irq_signal. */
void psa_eoi(psa_signal_t irq_signal);

/** Stops the calling partition: the SPM treats it as a fatal error. */
PSA_NORETURN void psa_panic(void);

/** Enables the interrupt behind @irq_signal. */
void psa_irq_enable(psa_signal_t irq_signal);

/** Disables the interrupt behind @irq_signal; returns its previous state. */
psa_irq_status_t psa_irq_disable(psa_signal_t irq_signal);

/** Clears the first-level interrupt signal @irq_signal. */
void psa_reset_signal(psa_signal_t irq_signal);

/** Maps input vector @invec_idx into the service (mm_iovec services). */
const void *psa_map_invec(psa_handle_t msg_handle, uint32_t invec_idx);

/** Ends the mapping of input vector @invec_idx. */
void psa_unmap_invec(psa_handle_t msg_handle, uint32_t invec_idx);

/** Maps output vector @outvec_idx into the service (mm_iovec services). */
void *psa_map_outvec(psa_handle_t msg_handle, uint32_t outvec_idx);

/** Ends the mapping of output vector @outvec_idx, @len bytes written. */
void psa_unmap_outvec(psa_handle_t msg_handle, uint32_t outvec_idx, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* PSA_SERVICE_H */
