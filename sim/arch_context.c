/*
 * Host execution contexts.
 *
 * How it works. Each context owns one mapping:
 *
 *   [ guard gap | usable stack ... | start-up area | ucontext ]
 *   low                                                  high
 *
 * The guard gap (ARCH_STACK_GAP, megabytes of address space, never backed)
 * is PROT_NONE, so an overflow faults instead of corrupting a neighbour,
 * even when one frame skips far past the stack's end, as the stack limit
 * check of Armv8-M faults on the stack pointer itself; the fault handler
 * names a fault anywhere in the gap a stack overflow of its owner. The
 * mapping being the context's own keeps later protection changes cheap. The
 * context is created with glibc's makecontext() on the usable stack, so
 * debuggers see an ordinary thread of execution. Switching is done by
 * arch_sim_switch() (a few instructions of assembly that save the callee-saved
 * registers and swap stack pointers) because swapcontext() makes a system call
 * on every switch to save the signal mask. A fresh context's saved stack
 * pointer points at a frame in the start-up area that "returns" to
 * arch_sim_start_stub, which calls setcontext() once: the only system call in
 * the context's life.
 *
 * Tools: every stack is registered with Valgrind so that memcheck follows the
 * switches; under AddressSanitizer every switch is announced with the fiber
 * API so that ASan knows which stack is live.
 */
#define _GNU_SOURCE
#include "arch_context.h"
#include "arch.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <valgrind/valgrind.h>

#include "sim_asan.h"

/** Room below the start frame for the stub's call into setcontext(). */
#define START_SCRATCH 4096u
/** Default MXCSR (all exceptions masked) and x87 control word. */
#define MXCSR_DEFAULT 0x1F80u
#define FPUCW_DEFAULT 0x037Fu

void arch_sim_switch(void **save_sp, void *load_sp)
        __attribute__((visibility("hidden")));
extern char arch_sim_start_stub[] __attribute__((visibility("hidden")));
void arch_sim_start(struct arch_context *ctx)
        __attribute__((visibility("hidden"), noreturn));

/**
 * Told of every context about to be destroyed, when the program links the
 * isolation layer (whose memory map holds the stacks).
 */
void sim_context_released(const struct arch_context *ctx) __attribute__((weak));

/**
 * Where a context's mapping may go instead of a fresh mmap(): the
 * isolation layer places the non-secure side's stack beside the memory
 * whose protection changes with it (NULL: anywhere). A placed mapping is
 * given back to it, not unmapped (true when it took it).
 */
void *sim_context_place(size_t map_size) __attribute__((weak));
bool sim_context_unplace(void *map, size_t map_size) __attribute__((weak));

/**
 * Told of the stack about to be switched to, when the program links page
 * protection: its memory may be closed until touched (protect.c).
 */
void sim_protect_open(const void *addr) __attribute__((weak));
extern bool sim_protect_enforcing __attribute__((weak));

/** Opens @to's stack for the switch, when page protection is enforced. */
static inline void open_stack(const struct arch_context *to)
{
	if (&sim_protect_enforcing != NULL && sim_protect_enforcing &&
	    sim_protect_open != NULL) {
		sim_protect_open(to->sp);
	}
}

/** Every context between create and destroy. */
static struct arch_context *live;
/** Bumped whenever the list of live contexts changes. */
unsigned long sim_context_epoch_now;

/** The context being left by the switch in progress (one core). */
static struct arch_context *switching_from;
/** The context being started by arch_sim_start(). */
static struct arch_context *starting;

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static size_t round_up(size_t n, size_t to)
{
	return (n + to - 1u) / to * to;
}

/**
 * A mapping of @size for a context: placed, or a fresh one. Not inlined:
 * its caller calls getcontext(), which returns twice.
 */
__attribute__((noinline)) static char *map_context(size_t size)
{
	void *map = sim_context_place != NULL ? sim_context_place(size) : NULL;

	if (map == NULL) {
		map = mmap(NULL, size, PROT_READ | PROT_WRITE,
		           MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	}
	return map;
}

/** Gives back a mapping map_context() made. */
static void unmap_context(void *map, size_t size)
{
	if (sim_context_unplace == NULL || !sim_context_unplace(map, size)) {
		munmap(map, size);
	}
}

/* ------------------------------------------------ AddressSanitizer fibers */

/** Announces the switch to @to; @save is NULL when leaving for good. */
static void asan_leave(void **save, const struct arch_context *to)
{
#ifdef SIM_ASAN
	__sanitizer_start_switch_fiber(save, to->stack, to->stack_size);
#else
	(void)save;
	(void)to;
#endif
}

/**
 * Clears ASan's shadow of a stack mapping: an abandoned context leaves the
 * redzones of its live frames poisoned, and a later mapping at the same
 * address would inherit them.
 */
static void asan_forget(void *map, size_t size)
{
#ifdef SIM_ASAN
	ASAN_UNPOISON_MEMORY_REGION(map, size);
#else
	(void)map;
	(void)size;
#endif
}

/** Completes a switch in the context now running. */
static void asan_arrive(struct arch_context *self)
{
#ifdef SIM_ASAN
	const void *from_bottom = NULL;
	size_t from_size = 0;

	__sanitizer_finish_switch_fiber(self != NULL ? self->asan_fake_stack
	                                             : NULL,
	                                &from_bottom, &from_size);
	/* The boot context's stack is only known once we have left it. */
	if (switching_from != NULL && switching_from->map == NULL) {
		switching_from->stack = (void *)from_bottom;
		switching_from->stack_size = from_size;
	}
#else
	(void)self;
#endif
}

/* ------------------------------------------------------------- start-up */

/** The makecontext() entry: runs the context's code, which must not end. */
static void trampoline(void)
{
	struct arch_context *ctx = starting;

	asan_arrive(NULL);
	ctx->entry(ctx->arg);
	arch_fatal(__FILE__, __LINE__,
	           "a context's entry function returned; it must not");
}

void arch_sim_start(struct arch_context *ctx)
{
	starting = ctx;
	setcontext((ucontext_t *)ctx->start_uc);
	arch_fatal(__FILE__, __LINE__, "setcontext() failed");
}

/** Lays out the first switch frame so that it returns into the stub. */
static void *start_frame(struct arch_context *ctx, uintptr_t top)
{
	uintptr_t *f;

#if UINTPTR_MAX > 0xFFFFFFFFu
	/* mxcsr|fpucw, r15, r14, r13, r12, rbx, rbp, return address */
	f = (uintptr_t *)((top & ~(uintptr_t)15) - 8 * sizeof(uintptr_t));
	f[0] = MXCSR_DEFAULT | ((uintptr_t)FPUCW_DEFAULT << 32);
	f[1] = f[2] = f[3] = f[4] = 0;
	f[5] = (uintptr_t)ctx;
	f[6] = 0;
	f[7] = (uintptr_t)arch_sim_start_stub;
#else
	/* mxcsr, fpucw, edi, esi, ebx, ebp, return address */
	f = (uintptr_t *)((top & ~(uintptr_t)15) - 8 * sizeof(uintptr_t));
	f[0] = MXCSR_DEFAULT;
	f[1] = FPUCW_DEFAULT;
	f[2] = f[3] = 0;
	f[4] = (uintptr_t)ctx;
	f[5] = 0;
	f[6] = (uintptr_t)arch_sim_start_stub;
#endif
	return f;
}

int arch_context_create(struct arch_context *ctx, size_t stack_size,
                        void (*entry)(void *arg), void *arg)
{
	size_t page = page_size();
	size_t usable = round_up(stack_size > ARCH_STACK_MIN ? stack_size
	                                                     : ARCH_STACK_MIN,
	                         page);
	size_t top_area =
	        round_up(START_SCRATCH + 256u + sizeof(ucontext_t), page);
	size_t gap = round_up(ARCH_STACK_GAP, page);
	size_t map_size = gap + usable + top_area;
	char *map = map_context(map_size);
	ucontext_t *uc;

	if (map == MAP_FAILED) {
		return -1;
	}
	if (mprotect(map, gap, PROT_NONE) != 0) {
		unmap_context(map, map_size);
		return -1;
	}
	*ctx = (struct arch_context){
	        .map = map,
	        .map_size = map_size,
	        .stack = map + gap,
	        .stack_size = usable,
	        .entry = entry,
	        .arg = arg,
	};
	uc = (ucontext_t *)(((uintptr_t)(map + map_size) - sizeof(*uc)) &
	                    ~(uintptr_t)63);
	if (getcontext(uc) != 0) {
		unmap_context(map, map_size);
		return -1;
	}
	uc->uc_stack.ss_sp = ctx->stack;
	uc->uc_stack.ss_size = usable;
	uc->uc_link = NULL;
	makecontext(uc, trampoline, 0);
	ctx->start_uc = uc;
	ctx->sp = start_frame(ctx, (uintptr_t)uc - START_SCRATCH);
	ctx->valgrind_id =
	        VALGRIND_STACK_REGISTER(ctx->stack, map + map_size - 1);
	ctx->live_next = live;
	live = ctx;
	sim_context_epoch_now++;
	return 0;
}

/** Takes @ctx off the list of live contexts. */
static void unlink_live(struct arch_context *ctx)
{
	struct arch_context **pp = &live;

	while (*pp != NULL && *pp != ctx) {
		pp = &(*pp)->live_next;
	}
	if (*pp == ctx) {
		*pp = ctx->live_next;
	}
}

const struct arch_context *arch_context_at(const void *addr)
{
	const char *a = addr;

	for (const struct arch_context *c = live; c != NULL; c = c->live_next) {
		if (a >= (char *)c->map && a < (char *)c->map + c->map_size) {
			return c;
		}
	}
	return NULL;
}

bool arch_on_context_stack(void)
{
	/* The frame, not a local: a local may live elsewhere (ASan's fake
	 * stacks), and -O0 warns that it is read uninitialised. */
	return arch_context_at(__builtin_frame_address(0)) != NULL;
}

void arch_context_destroy(struct arch_context *ctx)
{
	if (ctx->map == NULL) {
		return;
	}
	if (sim_context_released != NULL) {
		sim_context_released(ctx);
	}
	unlink_live(ctx);
	sim_context_epoch_now++;
	VALGRIND_STACK_DEREGISTER(ctx->valgrind_id);
	asan_forget((char *)ctx->stack,
	            ctx->map_size -
	                    (size_t)((char *)ctx->stack - (char *)ctx->map));
	unmap_context(ctx->map, ctx->map_size);
	*ctx = (struct arch_context){0};
}

void arch_context_switch(struct arch_context *from, struct arch_context *to)
{
	asan_leave(&from->asan_fake_stack, to);
	open_stack(to);
	switching_from = from;
	arch_sim_switch(&from->sp, to->sp);
	asan_arrive(from);
}

void arch_context_exit_to(struct arch_context *to)
{
	void *discard;

	asan_leave(NULL, to);
	open_stack(to);
	switching_from = NULL;
	arch_sim_switch(&discard, to->sp);
	arch_fatal(__FILE__, __LINE__, "an exited context was resumed");
}

bool arch_context_in_guard(const struct arch_context *ctx, const void *addr)
{
	const char *a = addr;
	const char *map = ctx->map;

	return map != NULL && a >= map && a < (const char *)ctx->stack;
}
