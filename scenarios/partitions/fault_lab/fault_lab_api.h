/*
 * The fault lab's interface: what each call type makes the service do.
 *
 * Services: FAULT_LAB (IPC model, connection-based), FAULT_LAB_STATELESS (the
 * same partition, stateless) and FAULT_LAB_SFN (SFN model, stateless; the
 * types marked "IPC only" return PSA_ERROR_NOT_SUPPORTED there). Each entry
 * says what FF-M makes of it. Unknown types return PSA_ERROR_NOT_SUPPORTED.
 */
#ifndef FAULT_LAB_API_H
#define FAULT_LAB_API_H

#include <stdint.h>

/** Echoes in_vec[0] (at most FAULT_LAB_ECHO_MAX bytes) into out_vec[0]. */
#define FAULT_LAB_BEHAVE 0

/** IPC only: replies twice. The service is panicked (psa_reply). */
#define FAULT_LAB_REPLY_TWICE 1

/**
 * Replies PSA_ERROR_PROGRAMMER_ERROR (SFN: returns it): a non-secure caller
 * gets it as its status; a secure caller is panicked (psa_call).
 */
#define FAULT_LAB_FORBIDDEN_STATUS 2

/** Writes one byte more than out_vec[0] holds: panicked (psa_write). */
#define FAULT_LAB_WRITE_PAST_OUTVEC 3

/** psa_read() with a handle of no message: panicked (psa_read). */
#define FAULT_LAB_BAD_HANDLE 4

/** psa_write() to vector PSA_MAX_IOVEC: panicked (psa_write). */
#define FAULT_LAB_BAD_INDEX 5

/** Calls psa_panic(). */
#define FAULT_LAB_PANIC 6

/**
 * IPC only: takes the message and never replies; the caller waits for good,
 * which the harness reports as a deadlock (and resets).
 */
#define FAULT_LAB_NEVER_REPLY 7

/** IPC only: psa_clear() with no doorbell asserted: panicked (psa_clear). */
#define FAULT_LAB_CLEAR_NO_DOORBELL 8

/** IPC only: psa_notify() to a partition that does not exist: panicked. */
#define FAULT_LAB_NOTIFY_UNKNOWN 9

/**
 * IPC only: psa_set_rhandle() on the message: allowed on FAULT_LAB (success),
 * panicked on FAULT_LAB_STATELESS (psa_set_rhandle).
 */
#define FAULT_LAB_SET_RHANDLE 10

/**
 * Stray accesses at the address in in_vec[0], a uint64_t host address:
 * a byte read (returned in out_vec[0]), a byte write (of 0xA5), or a call.
 * Whether the access faults depends on the address and the isolation level.
 */
#define FAULT_LAB_STRAY_READ    11
#define FAULT_LAB_STRAY_WRITE   12
#define FAULT_LAB_STRAY_EXECUTE 13

/** Recurses until the stack's guard page: a MemManage fault. */
#define FAULT_LAB_STACK_OVERFLOW 14

/**
 * IPC only: in_vec[0] is a uint32_t FAULT_LAB_CONNECT_* mode for every later
 * connect to FAULT_LAB (until a reset).
 */
#define FAULT_LAB_SET_CONNECT_MODE 15

/**
 * Spins for ever without entering the SPM (the SFN twin never returns): only
 * a watchdog (spmsim_watchdog()) ends it.
 */
#define FAULT_LAB_SPIN 16

/** IPC only: notifies itself, waits for the doorbell and clears it. */
#define FAULT_LAB_DOORBELL_OK 17

/**
 * Executes an undefined instruction (__builtin_trap()): a UsageFault
 * (UNDEFINSTR).
 */
#define FAULT_LAB_UNDEFINED_INSTRUCTION 18

/** Divides an integer by zero: a UsageFault (DIVBYZERO). */
#define FAULT_LAB_DIVIDE_BY_ZERO 19

/** Calls abort(): panicked (API "abort"). */
#define FAULT_LAB_ABORT 20

/** Calls exit(1): panicked (API "exit"). */
#define FAULT_LAB_EXIT 21

/**
 * Sends itself SIGRTMIN+10, a signal whose default action ends a process:
 * panicked (API "signal").
 */
#define FAULT_LAB_RAISE_SIGNAL 22

/**
 * Declares a 256 KiB local array, far past the stack's end, and writes its
 * lowest byte: a MemManage fault in the guard gap below its own stack.
 */
#define FAULT_LAB_BIG_FRAME 23

/**
 * The partition heap (heap_size; the SFN twin has 4 KiB, the IPC lab none):
 * in_vec[0] a uint32_t size; malloc()s that many bytes, fills them with
 * FAULT_LAB_HEAP_FILL, keeps the block (at most FAULT_LAB_HEAP_KEEP) and
 * writes its uint64_t address to out_vec[0]. PSA_ERROR_INSUFFICIENT_MEMORY
 * when malloc() returns NULL.
 */
#define FAULT_LAB_HEAP_ALLOC 24
/**
 * calloc()s 64 bytes (they must be zero), realloc()s the first kept block
 * 64 bytes larger (its bytes must stay), then frees every block: returns
 * how many, or PSA_ERROR_GENERIC_ERROR when a check failed.
 */
#define FAULT_LAB_HEAP_CHECK 25
#define FAULT_LAB_HEAP_KEEP  8u
#define FAULT_LAB_HEAP_FILL  0x5Au

/** Connect modes. ACCEPT is the mode after a reset. */
#define FAULT_LAB_CONNECT_ACCEPT      0
#define FAULT_LAB_CONNECT_REFUSE      1 /* PSA_ERROR_CONNECTION_REFUSED */
#define FAULT_LAB_CONNECT_BUSY        2 /* PSA_ERROR_CONNECTION_BUSY */
/** Replies PSA_ERROR_GENERIC_ERROR to the connect: panicked (psa_reply). */
#define FAULT_LAB_CONNECT_FORBIDDEN   3
/** Never replies to the connect. */
#define FAULT_LAB_CONNECT_NEVER_REPLY 4

/** The most FAULT_LAB_BEHAVE echoes. */
#define FAULT_LAB_ECHO_MAX 64u

/** What FAULT_LAB_STRAY_WRITE stores. */
#define FAULT_LAB_STRAY_BYTE 0xA5u

#endif /* FAULT_LAB_API_H */
