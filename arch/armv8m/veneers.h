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

/**
 * The number of resets since power-on: non-secure code that runs a list of
 * steps across resets (a test) knows where it is.
 */
uint32_t armv8m_veneer_resets(void);

#endif /* ARMV8M_VENEERS_H */
