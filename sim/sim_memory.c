/*
 * Pristine images of the partitions' data sections (see sim_memory.h). The
 * image is taken once per process, before any partition code has run, and
 * kept until exit, so every boot and reset starts from the state the
 * program was loaded in. It holds the partitions' initial data, so it is
 * not on the host heap (which is the non-secure side's): it lies in the
 * room the linker fragment keeps beside the partitions' sections (a
 * mapping of its own when the program has none), which the isolation HAL
 * gives to privileged code alone.
 */
#include "sim_memory.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "arch.h"

/** The table when the build links none (a test with no partitions). */
const struct sim_memory_region spmsim_memory_table[] __attribute__((weak)) = {
        {0},
};

/* The linker fragment's room for the image (scripts/gen-ldfrag.sh). */
extern char spmsim_image_start[] __attribute__((weak));
extern char spmsim_image_end[] __attribute__((weak));

struct image {
	char *image;
	size_t size;
	/** The mapping's size: size rounded up to whole pages. */
	size_t map_size;
	bool taken;
};

static struct image pristine;

/*
 * Copies partition memory byte by byte, without AddressSanitizer's checks:
 * in an instrumented build the partitions' sections hold the redzones ASan
 * put around each global, and a reset must rewrite them along with the
 * globals. The volatile access keeps the loop from becoming a (checked)
 * memcpy call.
 */
__attribute__((no_sanitize_address)) static void
raw_copy(char *to, const char *from, size_t n)
{
	volatile char *t = to;

	for (size_t i = 0; i < n; i++) {
		t[i] = from[i];
	}
}

/** Zeroes partition memory, redzones included (see raw_copy()). */
__attribute__((no_sanitize_address)) static void raw_zero(char *to, size_t n)
{
	volatile char *t = to;

	for (size_t i = 0; i < n; i++) {
		t[i] = 0;
	}
}

static size_t span(const char *start, const char *end)
{
	return start != NULL && end > start ? (size_t)(end - start) : 0;
}

/** The size of the fragment's room for the image; 0 when none. */
static size_t room(void)
{
	uintptr_t start = (uintptr_t)spmsim_image_start;
	uintptr_t end = (uintptr_t)spmsim_image_end;

	return start != 0 && end > start ? (size_t)(end - start) : 0;
}

/** Frees the image when the process ends (keeps leak checkers exact). */
static void release(void)
{
	if (pristine.image != NULL && pristine.image != spmsim_image_start) {
		munmap(pristine.image, pristine.map_size);
	}
	pristine = (struct image){0};
}

void sim_memory_snapshot(void)
{
	const struct sim_memory_region *r;
	size_t off = 0, page;

	if (pristine.taken) {
		return;
	}
	for (r = spmsim_memory_table; r->partition != NULL; r++) {
		pristine.size += span(r->data_start, r->data_end);
	}
	page = (size_t)sysconf(_SC_PAGESIZE);
	pristine.map_size = (pristine.size + page) / page * page;
	if (room() >= pristine.map_size) {
		pristine.image = spmsim_image_start;
		pristine.map_size = room();
	} else {
		pristine.image =
		        mmap(NULL, pristine.map_size, PROT_READ | PROT_WRITE,
		             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	}
	if (pristine.image == MAP_FAILED) {
		pristine.image = NULL;
		arch_fatal(__FILE__, __LINE__,
		           "out of memory for the partitions' initial data");
	}
	for (r = spmsim_memory_table; r->partition != NULL; r++) {
		size_t n = span(r->data_start, r->data_end);

		raw_copy(pristine.image + off, r->data_start, n);
		off += n;
	}
	pristine.taken = true;
	atexit(release);
}

void sim_memory_restore(void)
{
	const struct sim_memory_region *r;
	size_t off = 0;

	if (!pristine.taken) {
		return;
	}
	for (r = spmsim_memory_table; r->partition != NULL; r++) {
		size_t n = span(r->data_start, r->data_end);

		raw_copy(r->data_start, pristine.image + off, n);
		off += n;
		raw_zero(r->bss_start, span(r->bss_start, r->bss_end));
	}
}

void *sim_memory_image(size_t *size)
{
	*size = pristine.size > 0 ? pristine.map_size : 0;
	return *size > 0 ? pristine.image : NULL;
}

size_t sim_memory_regions(void)
{
	size_t n = 0;

	while (spmsim_memory_table[n].partition != NULL) {
		n++;
	}
	return n;
}
