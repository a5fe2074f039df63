/*
 * Faults of simulated code: every way partition or non-secure code can make
 * the host kill the process becomes a panic of that code instead.
 *
 * How it works. While simulated code can run (sim_fault_start() to
 * sim_fault_stop()), handlers run on an alternate signal stack (the
 * faulting stack may be the one that overflowed) for:
 *   SIGSEGV, SIGBUS  the emulated MemManage fault (SecureFault when
 *                    non-secure code touched secure memory)
 *   SIGILL, SIGFPE   the emulated UsageFault: an undefined instruction
 *                    (__builtin_trap()), an integer division by zero (as
 *                    with CCR.DIV_0_TRP set, as TF-M sets it)
 *   SIGTRAP          a breakpoint with no debugger: HardFault
 *   SIGABRT          abort(), a failed assert(): a panic (SPM_PANIC_ABORT)
 *   every other signal whose default action ends the process, when its
 *                    disposition was the default and this process sent it
 *                    (raise(), kill() of itself, a write to a broken pipe):
 *                    Armv8-M has no such thing, so the sender is panicked
 * Each handler looks at the stack pointer of the interrupted code: on a
 * simulated context's stack it was partition or non-secure code (or the
 * SPM working for it), so the fault is the running partition's. The
 * handler describes what happened and hands over to spm_fault() or
 * spm_panic(), which record the panic and leave the faulting context for
 * good; the handler never returns, so it unblocks the signal first. The
 * system then resets or halts by its panic policy, and the process goes on.
 * The simulator's own signals (interrupts, the watchdog) have handlers of
 * their own when simulated code runs, so they are left alone.
 *
 * Under page protection (the `trap` mode) the handler first gives the SPM
 * its view back (the SPM's own state may be what the code could not
 * reach), then names the area hit from the simulated memory map: its
 * simulated address, its owner ("SP_X data", "SPM data", "non-secure
 * data"), and SecureFault when non-secure code touched secure memory. A
 * fault anywhere in the guard gap below a stack (arch_context.c) is that
 * stack's overflow.
 *
 * On a non-secure thread of spmsim_run_ns_threads() a fault (and abort())
 * is that thread's: it ends, as the non-secure OS would end it
 * (ns_threads.c), and the run goes on.
 *
 * A signal on the boot context is the harness's or the test's own: the
 * previous disposition is restored and the fault repeats (a sent signal is
 * sent again), so it ends as it would have without the simulator (and gdb
 * or a core dump shows it).
 *
 * Probes (sim_fault_probe()): the SPM's memory check touches each page of
 * a buffer it accepted through two instructions of assembly; a fault there
 * resumes after the instruction with a failure, as an operating system's
 * copy from user memory does. So a buffer the host does not map (an
 * unmapped or non-canonical address, a read-only page for an output) fails
 * the check: the caller's programmer error, never a fault in the SPM's
 * later copy blamed on the service that asked for it. Should a client's
 * vector still become inaccessible after the check (another thread of the
 * client unmapped it), a fault of the SPM's copy there (or of a mapped
 * vector's access) is the client's: it is panicked, not the service.
 */
#define _GNU_SOURCE
#include "fault.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include "arch.h"
#include "conn.h"
#include "isolation.h"
#include "ns_threads.h"
#include "protect.h"
#include "sim_asan.h"
#include "spm.h"

#define ALT_STACK_SIZE (64u * 1024u)

/* ---------------------------------------------------------------- probes */

/*
 * sim_probe_read(p) and sim_probe_write(p) (fault.h) return true, or false
 * when the access at *_at faulted: the handler then resumes at
 * sim_probe_resume with 0 in the return register. The write probe is an
 * atomic OR of zero, so it needs write access and changes no byte,
 * whatever another thread does.
 */
#if defined(__x86_64__)
__asm__(".text\n"
        ".p2align 4\n"
        ".globl sim_probe_read, sim_probe_write\n"
        ".hidden sim_probe_read, sim_probe_write\n"
        ".hidden sim_probe_read_at, sim_probe_write_at, sim_probe_resume\n"
        "sim_probe_read:\n"
        "	movl $1, %eax\n"
        "sim_probe_read_at:\n"
        "	movb (%rdi), %dl\n"
        "sim_probe_resume:\n"
        "	ret\n"
        "sim_probe_write:\n"
        "	movl $1, %eax\n"
        "sim_probe_write_at:\n"
        "	lock orb $0, (%rdi)\n"
        "	ret\n");
#define REG_PC     REG_RIP
#define REG_RESULT REG_RAX
#define REG_STACK  REG_RSP
#else
__asm__(".text\n"
        ".p2align 4\n"
        ".globl sim_probe_read, sim_probe_write\n"
        ".hidden sim_probe_read, sim_probe_write\n"
        ".hidden sim_probe_read_at, sim_probe_write_at, sim_probe_resume\n"
        "sim_probe_read:\n"
        "	movl 4(%esp), %ecx\n"
        "	movl $1, %eax\n"
        "sim_probe_read_at:\n"
        "	movb (%ecx), %dl\n"
        "sim_probe_resume:\n"
        "	ret\n"
        "sim_probe_write:\n"
        "	movl 4(%esp), %ecx\n"
        "	movl $1, %eax\n"
        "sim_probe_write_at:\n"
        "	lock orb $0, (%ecx)\n"
        "	ret\n");
#define REG_PC     REG_EIP
#define REG_RESULT REG_EAX
#define REG_STACK  REG_ESP
#endif

extern const char sim_probe_read_at[] __attribute__((visibility("hidden")));
extern const char sim_probe_write_at[] __attribute__((visibility("hidden")));
extern const char sim_probe_resume[] __attribute__((visibility("hidden")));

/* ----------------------------------------------------------------- state */

/** Signals whose default action ends the process, besides the faults. */
static const int stray_signals[] = {
        SIGHUP,  SIGINT,  SIGQUIT,   SIGUSR1, SIGUSR2, SIGPIPE,
        SIGALRM, SIGTERM, SIGSTKFLT, SIGXCPU, SIGXFSZ, SIGVTALRM,
        SIGPROF, SIGIO,   SIGPWR,    SIGSYS,
};

struct fault_state {
	bool installed;
	/** Which signals carry a handler of ours, and what they had. */
	bool taken[NSIG];
	struct sigaction old[NSIG];
	stack_t old_alt;
	void *alt;
	/** The host address of the last memory fault taken. */
	uintptr_t last_host;
	/** The rule of the last panic for a stray signal. */
	char rule[128];
	/** The view in force when the signal being handled came. */
	uint32_t view;
};

static struct fault_state flt;

bool sim_fault_armed;

/* ---------------------------------------------------------- the handlers */

/** The interrupted program counter, stack pointer and error code. */
static void registers(const ucontext_t *uc, uintptr_t *pc, uintptr_t *sp,
                      unsigned long *err)
{
	*pc = (uintptr_t)uc->uc_mcontext.gregs[REG_PC];
	*sp = (uintptr_t)uc->uc_mcontext.gregs[REG_STACK];
	*err = (unsigned long)uc->uc_mcontext.gregs[REG_ERR];
}

/** A fault of a probe: resumes it with its failure; false if none. */
static bool probe_fixup(ucontext_t *uc)
{
	uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_PC];

	if (pc != (uintptr_t)sim_probe_read_at &&
	    pc != (uintptr_t)sim_probe_write_at) {
		return false;
	}
	uc->uc_mcontext.gregs[REG_PC] = (greg_t)(uintptr_t)sim_probe_resume;
	uc->uc_mcontext.gregs[REG_RESULT] = 0;
	return true;
}

/**
 * The partition whose code took @sig, or NULL when the boot context took
 * it: then the previous disposition is back, and a sent signal is sent
 * again, so that it ends as it would have without the simulator.
 */
static struct spm_partition *simulated(int sig, const siginfo_t *info,
                                       const ucontext_t *uc)
{
	uintptr_t pc, sp;
	unsigned long err;
	struct spm_partition *p;

	/* Before anything reads the SPM's state: it may be protected. */
	flt.view = sim_protect_fault();
	p = spm_sys()->current;
	registers(uc, &pc, &sp, &err);
	if (arch_context_at((void *)sp) != NULL && p != NULL) {
		return p;
	}
	sigaction(sig, &flt.old[sig], NULL);
	flt.taken[sig] = false;
	if (info->si_code <= 0 || sig == SIGTRAP || sig == SIGABRT) {
		/* Blocked while this runs: taken again on the way out. */
		raise(sig);
	}
	return NULL;
}

/** The handler never returns: lets the next one of @sig in. */
static void unblock(int sig)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/** The access kind an x86 page-fault error code describes. */
static const char *access_kind(unsigned long err)
{
	if (err & 0x10u) {
		return "execute";
	}
	return (err & 0x2u) ? "write" : "read";
}

/** Names the simulated area @addr lies in; false when in none. */
static bool area_of(struct spm_fault *f, const struct spm_partition *p,
                    const void *addr)
{
	uint32_t sim;
	const char *region;
	bool secure;

	if (!sim_isolation_describe(addr, &sim, &region, &secure)) {
		return false;
	}
	f->address = sim;
	if (p->is_ns && secure) {
		f->type = "SecureFault";
	}
	snprintf(f->region, sizeof(f->region), "%s", region);
	return true;
}

/** Fills in what @addr belongs to, for the report. */
static void describe(struct spm_fault *f, const struct spm_partition *p,
                     const void *addr, const struct arch_context *running)
{
	const struct arch_context *c = arch_context_at(addr);

	/* Reports give simulated addresses: the host's differ run to run. */
	if ((uintptr_t)addr >= 4096u) {
		f->address = sim_isolation_address((uintptr_t)addr);
	}
	if (c != NULL && arch_context_in_guard(c, addr)) {
		snprintf(f->region, sizeof(f->region),
		         c == running ? "the guard page below %s's stack "
		                        "(stack overflow)"
		                      : "the guard page below another "
		                        "context's stack",
		         p->name);
	} else if (area_of(f, p, addr)) {
		return;
	} else if ((uintptr_t)addr < 4096u) {
		snprintf(f->region, sizeof(f->region),
		         "the null page (no memory region)");
	} else {
		snprintf(f->region, sizeof(f->region),
		         "memory outside every region of the boundary");
	}
}

/** True when [@base, +@len) holds @a. */
static bool holds(const void *base, size_t len, uintptr_t a)
{
	return a >= (uintptr_t)base && a - (uintptr_t)base < len;
}

/** True when a vector (or the outvec array) of the message on @c holds @a. */
static bool message_holds(const struct spm_conn *c, uintptr_t a)
{
	for (size_t i = 0; i < c->n_in; i++) {
		if (holds(c->in[i].base, c->in[i].len, a)) {
			return true;
		}
	}
	for (size_t i = 0; i < c->n_out; i++) {
		if (holds(c->out[i].base, c->out[i].len, a)) {
			return true;
		}
	}
	return holds(c->client_out, c->n_out * sizeof(psa_outvec), a);
}

/**
 * The client of a message @p is handling whose client memory holds @a,
 * when the SPM's copy faulted there (the fault is the client's), or NULL.
 * Under page protection partition code runs under its own view: a fault
 * there is its own access, whatever it hit.
 */
static struct spm_partition *client_of_vector(const struct spm_partition *p,
                                              uintptr_t a)
{
	if (sim_protect_trapping() && flt.view != SIM_PROTECT_SPM) {
		return NULL;
	}
	for (uint32_t i = 0; i < conn_pool.high; i++) {
		const struct spm_conn *c = &conn_pool.conns[i];

		if (c->state == CONN_ACTIVE && c->service->owner == p &&
		    c->client != p && message_holds(c, a)) {
			return c->client;
		}
	}
	return NULL;
}

static void memory_fault(int sig, siginfo_t *info, void *ucv);

/**
 * Under AddressSanitizer: the signal stack above this frame (the kernel's
 * signal frame) is no one's redzone. Handlers that never returned (a
 * fault's, which switches away) left their frames' poison on the signal
 * stack, where a later signal's frame may lie now that some return.
 */
static __attribute__((no_sanitize_address)) void alt_frame_clean(void)
{
#ifdef SIM_ASAN
	char *here = __builtin_frame_address(0);
	char *top;

	if (flt.alt == NULL) {
		return;
	}
	top = (char *)flt.alt + ALT_STACK_SIZE;
	if (here >= (char *)flt.alt && here < top) {
		__asan_unpoison_memory_region(here, (size_t)(top - here));
	}
#endif
}

/**
 * SIGSEGV, SIGBUS: a lazy area's first access (protect.c: opened, the
 * access retried), else memory_fault().
 */
static __attribute__((no_sanitize_address)) void
memory_signal(int sig, siginfo_t *info, void *ucv)
{
	alt_frame_clean();
	if (sim_ns_threads_caller()) {
		sim_ns_threads_fault(sig);
	}
	if (sig == SIGSEGV && sim_protect_lazy_fault(info->si_addr)) {
		return;
	}
	memory_fault(sig, info, ucv);
}

/** SIGSEGV, SIGBUS: MemManage (or SecureFault), or a probe's failure. */
static __attribute__((noinline)) void memory_fault(int sig, siginfo_t *info,
                                                   void *ucv)
{
	uintptr_t pc, sp;
	unsigned long err;
	struct spm_partition *p, *client;
	struct spm_fault f = {.type = "MemManage"};

	/* A probe runs in the SPM: nothing else to look at. */
	if (probe_fixup(ucv)) {
		return;
	}
	p = simulated(sig, info, ucv);
	if (p == NULL) {
		return;
	}
	client = client_of_vector(p, (uintptr_t)info->si_addr);
	if (client != NULL) {
		flt.last_host = (uintptr_t)info->si_addr;
		unblock(sig);
		spm_panic(client, SPM_PANIC_PROGRAMMER_ERROR, "psa_call",
		          "a vector the host no longer maps (it was checked "
		          "at the call, then unmapped while the service used "
		          "it)");
	}
	registers(ucv, &pc, &sp, &err);
	f.address = (uintptr_t)info->si_addr;
	flt.last_host = f.address;
	f.access = sig == SIGBUS ? "access" : access_kind(err);
	describe(&f, p, info->si_addr, arch_context_at((void *)sp));
	unblock(sig);
	spm_fault(p, &f);
}

/** The Armv8-M fault and rule a SIGILL, SIGFPE or SIGTRAP stands for. */
static void usage_kind(int sig, const siginfo_t *info, struct spm_fault *f)
{
	f->type = "UsageFault";
	if (sig == SIGILL) {
		f->rule = "an undefined instruction (UsageFault UNDEFINSTR)";
	} else if (sig == SIGFPE && info->si_code == FPE_INTDIV) {
		f->rule = "an integer division by zero (UsageFault DIVBYZERO)";
	} else if (sig == SIGFPE) {
		f->rule = "an arithmetic exception (UsageFault)";
	} else {
		f->type = "HardFault";
		f->rule = "a breakpoint instruction with no debugger attached "
		          "(HardFault)";
	}
}

/** SIGILL, SIGFPE, SIGTRAP: UsageFault (HardFault for a breakpoint). */
static void usage_fault(int sig, siginfo_t *info, void *ucv)
{
	uintptr_t pc, sp;
	unsigned long err;
	struct spm_partition *p;
	struct spm_fault f = {.access = "execute"};

	if (sim_ns_threads_caller()) {
		sim_ns_threads_fault(sig);
	}
	p = simulated(sig, info, ucv);
	if (p == NULL) {
		return;
	}
	registers(ucv, &pc, &sp, &err);
	flt.last_host = pc;
	f.address = sim_isolation_address(pc);
	if (!area_of(&f, p, (void *)pc)) {
		snprintf(f.region, sizeof(f.region),
		         "code outside the program image");
	}
	/* A fault of the instruction, whatever memory it lies in. */
	usage_kind(sig, info, &f);
	unblock(sig);
	spm_fault(p, &f);
}

/** SIGABRT: abort(), or a failed assert() of the C library. */
static void aborted(int sig, siginfo_t *info, void *ucv)
{
	struct spm_partition *p;

	if (sim_ns_threads_caller()) {
		sim_ns_threads_fault(sig);
	}
	p = simulated(sig, info, ucv);
	if (p == NULL) {
		return;
	}
	unblock(sig);
	spm_panic(p, SPM_PANIC_ABORT, "abort",
	          "abort() called: the code ended itself (a failed assert() "
	          "says why on stderr)");
}

/** The name of @sig for a rule ("SIGUSR1", "SIGRTMIN+3"). */
static void signal_name(int sig, char *out, size_t n)
{
	const char *abbrev = sigabbrev_np(sig);

	if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
		snprintf(out, n, "SIGRTMIN+%d", sig - SIGRTMIN);
	} else {
		snprintf(out, n, "SIG%s", abbrev != NULL ? abbrev : "?");
	}
}

/**
 * Another signal whose default ends the process: a panic of the running
 * code when this process sent it (raise(), kill() of itself, a broken
 * pipe), else (Ctrl-C, another process) the default action as always.
 */
static void stray(int sig, siginfo_t *info, void *ucv)
{
	struct spm_partition *p;
	char name[24];

	if (info->si_code > 0 || info->si_pid != getpid()) {
		sigaction(sig, &flt.old[sig], NULL);
		flt.taken[sig] = false;
		raise(sig);
		return;
	}
	p = simulated(sig, info, ucv);
	if (p == NULL) {
		return;
	}
	signal_name(sig, name, sizeof(name));
	snprintf(flt.rule, sizeof(flt.rule),
	         "raised %s, whose default action ends the process (Armv8-M "
	         "has no such signal)",
	         name);
	unblock(sig);
	spm_panic(p, SPM_PANIC_ABORT, "signal", flt.rule);
}

/* ------------------------------------------------------------ installing */

/** Puts @fn on @sig (when @only_default, only if nothing else is there). */
static int take(int sig, void (*fn)(int, siginfo_t *, void *),
                bool only_default)
{
	struct sigaction sa;

	if (sigaction(sig, NULL, &flt.old[sig]) != 0) {
		return -1;
	}
	if (only_default && flt.old[sig].sa_handler != SIG_DFL) {
		return 0;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL) != 0) {
		return -1;
	}
	flt.taken[sig] = true;
	return 0;
}

/** Takes every signal of the list above and the real-time ones. */
static int take_strays(void)
{
	int rc = 0;

	for (size_t i = 0; i < sizeof(stray_signals) / sizeof(int); i++) {
		rc |= take(stray_signals[i], stray, true);
	}
	for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++) {
		rc |= take(sig, stray, true);
	}
	return rc;
}

int sim_fault_start(void)
{
	stack_t alt;

	if (flt.installed) {
		return 0;
	}
	if (flt.alt == NULL) {
		flt.alt = malloc(ALT_STACK_SIZE);
		if (flt.alt == NULL) {
			return -1;
		}
	}
	alt = (stack_t){.ss_sp = flt.alt, .ss_size = ALT_STACK_SIZE};
	if (sigaltstack(&alt, &flt.old_alt) != 0) {
		return -1;
	}
	flt.installed = true;
	sim_fault_armed = true;
	if (take(SIGSEGV, memory_signal, false) != 0 ||
	    take(SIGBUS, memory_signal, false) != 0 ||
	    take(SIGILL, usage_fault, false) != 0 ||
	    take(SIGFPE, usage_fault, false) != 0 ||
	    take(SIGTRAP, usage_fault, false) != 0 ||
	    take(SIGABRT, aborted, false) != 0 || take_strays() != 0) {
		sim_fault_stop();
		return -1;
	}
	return 0;
}

void sim_fault_stop(void)
{
	if (!flt.installed) {
		return;
	}
	for (int sig = 1; sig < NSIG; sig++) {
		if (flt.taken[sig]) {
			sigaction(sig, &flt.old[sig], NULL);
			flt.taken[sig] = false;
		}
	}
	sigaltstack(&flt.old_alt, NULL);
	flt.installed = false;
	sim_fault_armed = false;
}

void sim_fault_release(void)
{
	uintptr_t last = flt.last_host;

	sim_fault_stop();
	free(flt.alt);
	memset(&flt, 0, sizeof(flt));
	flt.last_host = last;
}

uintptr_t sim_fault_host_address(void)
{
	return flt.last_host;
}

bool sim_fault_probe_pages(const void *base, size_t size, bool write)
{
	uintptr_t a = (uintptr_t)base;
	uintptr_t last = a + size - 1u;

	if (last < a) {
		return false;
	}
	for (;;) {
		if (!(write ? sim_probe_write((void *)a)
		            : sim_probe_read((const void *)a))) {
			return false;
		}
		if (last - a < SIM_PROBE_STEP - a % SIM_PROBE_STEP) {
			return true;
		}
		a += SIM_PROBE_STEP - a % SIM_PROBE_STEP;
	}
}
