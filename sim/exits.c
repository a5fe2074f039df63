/*
 * The C library's ways to end the process, called by simulated code.
 *
 * How it works. Partitions and non-secure code are linked into the
 * simulator's process, so their exit() would end it, and with it every
 * later test. Programs that link the simulator are linked with
 * `-Wl,--wrap=<function>` for each function below (SPMSIM_EXITS in the
 * Makefile), which reaches every object and archive member of the program
 * (code the user did not write included; not a shared library). Called
 * from a simulated context, the wrapper panics the running partition (or
 * the non-secure side) with cause SPM_PANIC_ABORT: there is no process to
 * end on the board. Anywhere else (the test's own main, the harness) it
 * calls the C library's function. A failed assert() gets its text into
 * the rule; abort(), and anything else that raises SIGABRT, is caught by
 * the fault handler (fault.c), as are the signals a handler can catch;
 * SIGKILL and SIGSTOP cannot be caught, so raise() and kill() of the
 * process itself with them are wrapped too, and pthread_exit(), which would
 * end the core's thread.
 *
 * On a non-secure thread of spmsim_run_ns_threads() the wrapper ends that
 * thread instead (ns_threads.c), reported as SIGABRT.
 *
 * As with a watchdog bite, code left inside the C library (a lock held)
 * stays left; these functions hold none when called.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include "arch.h"
#include "ns_threads.h"
#include "protect.h"
#include "spm.h"

/** The rule of the last such panic (the record points at it). */
static char exit_rule[192];

/**
 * The partition whose code calls @api now, with the SPM's view taken, or
 * NULL when no simulated code runs.
 */
static struct spm_partition *simulated_caller(void)
{
	if (sim_ns_threads_caller()) {
		/* A non-secure thread: it ends, as its OS would end it. */
		sim_ns_threads_fault(SIGABRT);
	}
	/* The contexts and the SPM's state may be out of the caller's view;
	 * the SPM's view stays (as after a fault) whatever comes next. */
	(void)sim_protect_fault();
	if (!arch_on_context_stack()) {
		return NULL;
	}
	return spm_sys()->current;
}

/** Panics @p for calling @api; does not return. */
static void __attribute__((noreturn))
ended(struct spm_partition *p, const char *api, int status)
{
	snprintf(exit_rule, sizeof(exit_rule),
	         "%s(%d) called: simulated code cannot end the process (the "
	         "board has none to end)",
	         api, status);
	spm_panic(p, SPM_PANIC_ABORT, api, exit_rule);
}

/* Weak: a program linked without the options still links. */
void __real_exit(int status) __attribute__((noreturn, weak));
void __real__exit(int status) __attribute__((noreturn, weak));
void __real__Exit(int status) __attribute__((noreturn, weak));
void __real_quick_exit(int status) __attribute__((noreturn, weak));
void __real___assert_fail(const char *assertion, const char *file,
                          unsigned line, const char *function)
        __attribute__((noreturn, weak));
void __real_pthread_exit(void *value) __attribute__((noreturn, weak));
int __real_raise(int sig) __attribute__((weak));
int __real_kill(pid_t pid, int sig) __attribute__((weak));

void __wrap_exit(int status) __attribute__((noreturn));
void __wrap__exit(int status) __attribute__((noreturn));
void __wrap__Exit(int status) __attribute__((noreturn));
void __wrap_quick_exit(int status) __attribute__((noreturn));
void __wrap___assert_fail(const char *assertion, const char *file,
                          unsigned line, const char *function)
        __attribute__((noreturn));
void __wrap_pthread_exit(void *value) __attribute__((noreturn));
int __wrap_raise(int sig);
int __wrap_kill(pid_t pid, int sig);

void __wrap_exit(int status)
{
	struct spm_partition *p = simulated_caller();

	if (p != NULL) {
		ended(p, "exit", status);
	}
	__real_exit(status);
}

void __wrap__exit(int status)
{
	struct spm_partition *p = simulated_caller();

	if (p != NULL) {
		ended(p, "_exit", status);
	}
	__real__exit(status);
}

void __wrap__Exit(int status)
{
	struct spm_partition *p = simulated_caller();

	if (p != NULL) {
		ended(p, "_Exit", status);
	}
	__real__Exit(status);
}

void __wrap_quick_exit(int status)
{
	struct spm_partition *p = simulated_caller();

	if (p != NULL) {
		ended(p, "quick_exit", status);
	}
	__real_quick_exit(status);
}

void __wrap___assert_fail(const char *assertion, const char *file,
                          unsigned line, const char *function)
{
	struct spm_partition *p = simulated_caller();

	if (p != NULL) {
		snprintf(exit_rule, sizeof(exit_rule),
		         "assert(%s) failed in %s() at %s:%u", assertion,
		         function, file, line);
		spm_panic(p, SPM_PANIC_ABORT, "assert", exit_rule);
	}
	__real___assert_fail(assertion, file, line, function);
}

void __wrap_pthread_exit(void *value)
{
	struct spm_partition *p = simulated_caller();

	if (p != NULL) {
		spm_panic(p, SPM_PANIC_ABORT, "pthread_exit",
		          "pthread_exit() called: simulated code would end the "
		          "thread of the simulated core");
	}
	__real_pthread_exit(value);
}

/** Panics the caller for @sig to itself when no handler could catch it. */
static void uncatchable(int sig)
{
	struct spm_partition *p;

	if (sig != SIGKILL && sig != SIGSTOP) {
		return;
	}
	p = simulated_caller();
	if (p != NULL) {
		snprintf(
		        exit_rule, sizeof(exit_rule),
		        "raised %s, which would %s the process (Armv8-M has no "
		        "such signal)",
		        sig == SIGKILL ? "SIGKILL" : "SIGSTOP",
		        sig == SIGKILL ? "end" : "stop");
		spm_panic(p, SPM_PANIC_ABORT, "signal", exit_rule);
	}
}

int __wrap_raise(int sig)
{
	uncatchable(sig);
	return __real_raise(sig);
}

int __wrap_kill(pid_t pid, int sig)
{
	if (pid == 0 || pid == getpid()) {
		uncatchable(sig);
	}
	return __real_kill(pid, sig);
}
