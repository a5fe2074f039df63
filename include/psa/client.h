/*
 * PSA Firmware Framework-M 1.1 client API: what a non-secure application or a
 * secure partition calls to reach an RoT Service.
 */
#ifndef PSA_CLIENT_H
#define PSA_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "psa/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The number of elements of an array of vectors, as TF-M's client.h has it. */
#ifndef IOVEC_LEN
#define IOVEC_LEN(arr) ((uint32_t)(sizeof(arr) / sizeof((arr)[0])))
#endif

/** A size as the RoT Service environment sees it (32 bits on the target). */
typedef uint32_t rot_size_t;
#define ROT_SIZE_MAX UINT32_MAX

/** The version of the framework API this header describes (FF-M 1.1). */
#define PSA_FRAMEWORK_VERSION (0x0101u)

/** Returned by psa_version() for an unknown or unreachable service. */
#define PSA_VERSION_NONE (0u)

/** The handle value that refers to no connection. */
#define PSA_NULL_HANDLE ((psa_handle_t)0)

/** True when a value returned by psa_connect() is a handle, not an error. */
#define PSA_HANDLE_IS_VALID(handle) ((psa_handle_t)(handle) > 0)

/** Turns a failed psa_connect() result into the status it carries. */
#define PSA_HANDLE_TO_ERROR(handle) ((psa_status_t)(handle))

/** The most input plus output vectors one psa_call() may carry. */
#define PSA_MAX_IOVEC (4u)

/* The call types a client may pass to psa_call(): TF-M packs the type into
 * 16 bits of the secure gateway's arguments, so 0..INT16_MAX. */
#define PSA_CALL_TYPE_MIN (0)
#define PSA_CALL_TYPE_MAX (INT16_MAX)

/** The call type of a plain request. */
#define PSA_IPC_CALL (0)

/** A connection handle, a stateless service handle, or a negative status. */
typedef int32_t psa_handle_t;

/** A buffer the client passes to the service. */
typedef struct psa_invec {
	const void *base;
	size_t len;
} psa_invec;

/** A buffer the service fills for the client. */
typedef struct psa_outvec {
	void *base;
	size_t len;
} psa_outvec;

/** Returns the framework version the SPM implements. */
uint32_t psa_framework_version(void);

/** Returns the version of service @sid, or PSA_VERSION_NONE. */
uint32_t psa_version(uint32_t sid);

/** Opens a connection to service @sid at @version; a handle or an error. */
psa_handle_t psa_connect(uint32_t sid, uint32_t version);

/** Sends a request of @type over @handle and waits for the reply. */
psa_status_t psa_call(psa_handle_t handle, int32_t type,
                      const psa_invec *in_vec, size_t in_len,
                      psa_outvec *out_vec, size_t out_len);

/** Closes connection @handle; PSA_NULL_HANDLE is accepted and ignored. */
void psa_close(psa_handle_t handle);

#ifdef __cplusplus
}
#endif

#endif /* PSA_CLIENT_H */
