/*
 * Memory faults of simulated code.
 *
 * How it works. A SIGSEGV or SIGBUS handler, running on an alternate signal
 * stack (the faulting stack may be the one that overflowed), looks at the
 * stack pointer of the interrupted code: on a simulated context's stack it
 * was partition or non-secure code (or the SPM working for it), so the fault
 * is the emulated MemManage fault of the running partition. The handler
 * describes the access (x86 page-fault error code: write, instruction fetch)
 * and where it landed, then hands over to spm_fault(), which records the
 * panic and leaves the faulting context for good; the handler never
 * returns, so it unblocks the signal first. The system then resets or halts
 * by its panic policy, and the simulator process goes on.
 *
 * Under page protection (the `trap` mode) the handler first gives the SPM
 * its view back (the SPM's own state may be what the code could not
 * reach), then names the area hit from the simulated memory map: its
 * simulated address, its owner ("SP_X data", "SPM data", "non-secure
 * data"), and SecureFault when non-secure code touched secure memory.
 *
 * A fault on the boot context is the harness's or the test's own bug: the
 * previous disposition is restored and the access repeats, so it crashes as
 * it would have without the simulator (and gdb or a core dump shows it).
 */
#define _GNU_SOURCE
#include "fault.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include "arch.h"
#include "isolation.h"
#include "protect.h"
#include "spm.h"

#define ALT_STACK_SIZE (64u * 1024u)

struct fault_state {
	bool installed;
	struct sigaction old_segv;
	struct sigaction old_bus;
	stack_t old_alt;
	void *alt;
	/** The host address of the last fault taken. */
	uintptr_t last_host;
};

static struct fault_state flt;

/** The interrupted stack pointer and page-fault error code. */
static void registers(const ucontext_t *uc, uintptr_t *sp, unsigned long *err)
{
#if defined(__x86_64__)
	*sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
	*err = (unsigned long)uc->uc_mcontext.gregs[REG_ERR];
#else
	*sp = (uintptr_t)uc->uc_mcontext.gregs[REG_ESP];
	*err = (unsigned long)uc->uc_mcontext.gregs[REG_ERR];
#endif
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

static void handler(int sig, siginfo_t *info, void *ucv)
{
	uintptr_t sp;
	unsigned long err;
	const struct arch_context *running;
	struct spm_partition *p;
	struct spm_fault f = {.type = "MemManage"};
	sigset_t unblock;

	/* Before anything reads the SPM's state: it may be protected. */
	(void)sim_protect_fault();
	p = spm_sys()->current;
	registers(ucv, &sp, &err);
	running = arch_context_at((void *)sp);
	if (running == NULL || p == NULL) {
		/* Not simulated code: crash as without the simulator. */
		sigaction(SIGSEGV, &flt.old_segv, NULL);
		sigaction(SIGBUS, &flt.old_bus, NULL);
		return;
	}
	f.address = (uintptr_t)info->si_addr;
	flt.last_host = f.address;
	f.access = sig == SIGBUS ? "access" : access_kind(err);
	describe(&f, p, info->si_addr, running);
	sigemptyset(&unblock);
	sigaddset(&unblock, sig);
	sigprocmask(SIG_UNBLOCK, &unblock, NULL);
	spm_fault(p, &f);
}

int sim_fault_start(void)
{
	struct sigaction sa;
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
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	if (sigaltstack(&alt, &flt.old_alt) != 0 ||
	    sigaction(SIGSEGV, &sa, &flt.old_segv) != 0 ||
	    sigaction(SIGBUS, &sa, &flt.old_bus) != 0) {
		return -1;
	}
	flt.installed = true;
	return 0;
}

void sim_fault_stop(void)
{
	if (!flt.installed) {
		return;
	}
	sigaction(SIGSEGV, &flt.old_segv, NULL);
	sigaction(SIGBUS, &flt.old_bus, NULL);
	sigaltstack(&flt.old_alt, NULL);
	flt.installed = false;
}

void sim_fault_release(void)
{
	uintptr_t last = flt.last_host;

	sim_fault_stop();
	free(flt.alt);
	flt = (struct fault_state){.last_host = last};
}

uintptr_t sim_fault_host_address(void)
{
	return flt.last_host;
}
