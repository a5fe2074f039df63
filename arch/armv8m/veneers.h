/*
 * The Secure image's entry points for the non-secure side (Secure-gateway
 * veneers, linked into the non-secure image from the import library).
 * Arguments travel in registers only: psa_call()'s vectors come in a
 * block the non-secure side fills and the Secure side checks and copies.
 */
#ifndef ARMV8M_VENEERS_H
#define ARMV8M_VENEERS_H

#include <stddef.h>
#include <stdint.h>

#include "psa/client.h"

/** psa_call()'s vectors, in non-secure memory. */
struct armv8m_call_vectors {
	const psa_invec *in_vec;
	size_t in_len;
	psa_outvec *out_vec;
	size_t out_len;
};

uint32_t armv8m_veneer_framework_version(void);
uint32_t armv8m_veneer_version(uint32_t sid);
psa_handle_t armv8m_veneer_connect(uint32_t sid, uint32_t version);
psa_status_t armv8m_veneer_call(psa_handle_t handle, int32_t type,
                                const struct armv8m_call_vectors *vectors);
void armv8m_veneer_close(psa_handle_t handle);

/*
 * For test programs, what the host's harness offers them
 * (spmsim_last_panic(), spmsim_area_address(), spmsim_irq_raise()): the
 * last panic record, where a partition's data lies (to aim a stray access
 * at), and interrupts raised as a device would.
 */

/** The last panic record, copied into non-secure memory. */
struct armv8m_panic {
	int32_t partition_id;
	/** enum spm_panic_cause's value (that of enum spmsim_panic_cause). */
	uint32_t cause;
	char partition[32];
	/** The fault's type, or the API whose rule was broken. */
	char kind[24];
	/** What the faulting address belongs to, e.g. "SP_KV_STORE data". */
	char region[32];
	uint32_t isolation_level;
};

/** Copies the last panic into @out; 0, or -1 when there was none. */
int32_t armv8m_veneer_last_panic(struct armv8m_panic *out);

/** The start of the data of the partition with id @pid, or NULL. */
void *armv8m_veneer_partition_data(int32_t pid);

/**
 * Raises interrupt @line (sets it pending at the NVIC) when a secure
 * partition owns it, as its device would (spmsim_irq_raise()).
 */
void armv8m_veneer_irq_raise(uint32_t line);

#endif /* ARMV8M_VENEERS_H */
