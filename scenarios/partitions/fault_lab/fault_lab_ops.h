/*
 * The misbehaviours both fault-lab partitions share (a header of static
 * functions, compiled into each partition, as a partition-local library).
 * Each takes the message of a call and returns the status to answer with,
 * when it returns at all.
 */
#ifndef FAULT_LAB_OPS_H
#define FAULT_LAB_OPS_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <psa/service.h>

#include "fault_lab_api.h"

/*
 * The signal FAULT_LAB_RAISE_SIGNAL sends: one whose default action ends
 * the process. A C library without real-time signals (newlib) has no
 * SIGRTMIN; SIGTERM serves there.
 */
#ifdef SIGRTMIN
#define FAULT_LAB_SIGNO (SIGRTMIN + 10)
#else
#define FAULT_LAB_SIGNO SIGTERM
#endif

/** A handle no message has: the SPM never makes one with these bits. */
#define FAULT_LAB_BOGUS_HANDLE ((psa_handle_t)0x7EADBEEF)

/** Kept in memory so the compiler cannot see that it never stops. */
static volatile int fault_lab_depth_limit = 1 << 30;
static volatile uint32_t fault_lab_spins;

/** Recurses with a frame the compiler cannot drop, until the guard page. */
static int __attribute__((noinline)) fault_lab_recurse(int depth)
{
	volatile char frame[512];

	frame[0] = (char)depth;
	if (depth > fault_lab_depth_limit) {
		return 0;
	}
	return fault_lab_recurse(depth + 1) + frame[0];
}

/** Kept in memory so the compiler cannot see the division by zero. */
static volatile int fault_lab_zero, fault_lab_one = 1;

/** A frame of 256 KiB whose lowest byte is written first. */
static int __attribute__((noinline)) fault_lab_big_frame(void)
{
	volatile uint8_t big[256 * 1024];

	big[0] = 1;
	return big[0] + big[sizeof(big) - 1];
}

/** A division for the hardware to trap (deliberate: UBSan must not). */
static int __attribute__((noinline, no_sanitize_undefined))
fault_lab_divide(int a, int b)
{
	return a / b;
}

/** The ways partition code could end the host process; NOT_SUPPORTED else. */
static psa_status_t fault_lab_end_process(const psa_msg_t *msg)
{
	switch (msg->type) {
	case FAULT_LAB_UNDEFINED_INSTRUCTION:
		__builtin_trap();
	case FAULT_LAB_DIVIDE_BY_ZERO:
		return fault_lab_divide(fault_lab_one, fault_lab_zero);
	case FAULT_LAB_ABORT:
		abort();
	case FAULT_LAB_EXIT:
		exit(1);
	case FAULT_LAB_RAISE_SIGNAL:
		raise(FAULT_LAB_SIGNO);
		return PSA_SUCCESS;
	case FAULT_LAB_BIG_FRAME:
		return fault_lab_big_frame();
	default:
		return PSA_ERROR_NOT_SUPPORTED;
	}
}

/** FAULT_LAB_BEHAVE: in_vec[0] back in out_vec[0]. */
static psa_status_t fault_lab_echo(const psa_msg_t *msg)
{
	uint8_t buf[FAULT_LAB_ECHO_MAX];
	size_t n = psa_read(msg->handle, 0, buf, sizeof(buf));

	if (n > msg->out_size[0]) {
		return PSA_ERROR_BUFFER_TOO_SMALL;
	}
	psa_write(msg->handle, 0, buf, n);
	return PSA_SUCCESS;
}

/** The stray accesses, at the uint64_t address in in_vec[0]. */
static psa_status_t fault_lab_stray(const psa_msg_t *msg)
{
	uint64_t where = 0;
	volatile uint8_t *p;
	uint8_t got;

	if (msg->in_size[0] != sizeof(where) ||
	    psa_read(msg->handle, 0, &where, sizeof(where)) != sizeof(where)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	p = (volatile uint8_t *)(uintptr_t)where;
	switch (msg->type) {
	case FAULT_LAB_STRAY_READ:
		got = *p;
		psa_write(msg->handle, 0, &got, msg->out_size[0] != 0);
		return PSA_SUCCESS;
	case FAULT_LAB_STRAY_WRITE:
		*p = FAULT_LAB_STRAY_BYTE;
		return PSA_SUCCESS;
	default:
		((void (*)(void))(uintptr_t)where)();
		return PSA_SUCCESS;
	}
}

/** The blocks FAULT_LAB_HEAP_ALLOC keeps, and their sizes. */
static uint8_t *fault_lab_blocks[FAULT_LAB_HEAP_KEEP];
static uint32_t fault_lab_block_sizes[FAULT_LAB_HEAP_KEEP];
static uint32_t fault_lab_n_blocks;

/** FAULT_LAB_HEAP_ALLOC: malloc(), fill, keep, report the address. */
static psa_status_t fault_lab_heap_alloc(const psa_msg_t *msg)
{
	uint32_t size = 0;
	uint64_t where;
	uint8_t *p;

	if (psa_read(msg->handle, 0, &size, sizeof(size)) != sizeof(size)) {
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	p = fault_lab_n_blocks < FAULT_LAB_HEAP_KEEP ? malloc(size) : NULL;
	if (p == NULL) {
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	}
	memset(p, FAULT_LAB_HEAP_FILL, size);
	fault_lab_blocks[fault_lab_n_blocks] = p;
	fault_lab_block_sizes[fault_lab_n_blocks++] = size;
	where = (uint64_t)(uintptr_t)p;
	psa_write(msg->handle, 0, &where, sizeof(where));
	return PSA_SUCCESS;
}

/** FAULT_LAB_HEAP_CHECK: calloc(), realloc(), then free() everything. */
static psa_status_t fault_lab_heap_check(void)
{
	uint8_t *z = calloc(8, 8);
	bool ok = z != NULL;
	uint32_t n = fault_lab_n_blocks;

	for (size_t i = 0; ok && i < 64; i++) {
		ok = z[i] == 0;
	}
	free(z);
	if (ok && n > 0) {
		uint32_t size = fault_lab_block_sizes[0];
		uint8_t *q = realloc(fault_lab_blocks[0], size + 64u);

		ok = q != NULL;
		for (uint32_t i = 0; ok && i < size; i++) {
			ok = q[i] == FAULT_LAB_HEAP_FILL;
		}
		fault_lab_blocks[0] = q != NULL ? q : fault_lab_blocks[0];
	}
	for (uint32_t i = 0; i < n; i++) {
		free(fault_lab_blocks[i]);
	}
	fault_lab_n_blocks = 0;
	return ok ? (psa_status_t)n : PSA_ERROR_GENERIC_ERROR;
}

/** The misbehaviours an SFN-model service can show too; NOT_SUPPORTED else. */
static psa_status_t fault_lab_common(const psa_msg_t *msg)
{
	uint8_t byte = 0;

	switch (msg->type) {
	case FAULT_LAB_BEHAVE:
		return fault_lab_echo(msg);
	case FAULT_LAB_FORBIDDEN_STATUS:
		return PSA_ERROR_PROGRAMMER_ERROR;
	case FAULT_LAB_WRITE_PAST_OUTVEC:
		for (size_t i = 0; i <= msg->out_size[0]; i++) {
			psa_write(msg->handle, 0, &byte, 1);
		}
		return PSA_SUCCESS;
	case FAULT_LAB_BAD_HANDLE:
		(void)psa_read(FAULT_LAB_BOGUS_HANDLE, 0, &byte, 1);
		return PSA_SUCCESS;
	case FAULT_LAB_BAD_INDEX:
		psa_write(msg->handle, PSA_MAX_IOVEC, &byte, 1);
		return PSA_SUCCESS;
	case FAULT_LAB_PANIC:
		psa_panic();
	case FAULT_LAB_STRAY_READ:
	case FAULT_LAB_STRAY_WRITE:
	case FAULT_LAB_STRAY_EXECUTE:
		return fault_lab_stray(msg);
	case FAULT_LAB_STACK_OVERFLOW:
		return fault_lab_recurse(0) == 0 ? PSA_SUCCESS
		                                 : PSA_ERROR_GENERIC_ERROR;
	case FAULT_LAB_HEAP_ALLOC:
		return fault_lab_heap_alloc(msg);
	case FAULT_LAB_HEAP_CHECK:
		return fault_lab_heap_check();
	case FAULT_LAB_SPIN:
		for (;;) {
			fault_lab_spins++;
		}
	default:
		return fault_lab_end_process(msg);
	}
}

#endif /* FAULT_LAB_OPS_H */
