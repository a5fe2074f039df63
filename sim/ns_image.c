/*
 * The non-secure image's reboot (see ns_image.h). How it works: a snapshot,
 * taken at boot, copies the image's data and bss sections into one heap
 * block, allocated once per process and freed at exit; a restore copies
 * them back. The bss is copied too, not zeroed: a program sets globals up
 * before spmsim_boot(), and the reboot returns to that state, the state its
 * image is in when the simulated system starts.
 */
#include "ns_image.h"

#include <stdbool.h>
#include <stdlib.h>

#include "arch.h"

/* Weak: a program without a non-secure image has no such sections. */
extern char __start_spmsim_ns_image_data[] __attribute__((weak));
extern char __stop_spmsim_ns_image_data[] __attribute__((weak));
extern char __start_spmsim_ns_image_bss[] __attribute__((weak));
extern char __stop_spmsim_ns_image_bss[] __attribute__((weak));

static struct {
	/** The data section, then the bss section, as at the snapshot. */
	char *copy;
	bool taken;
} ns;

static size_t span(const char *start, const char *end)
{
	return start != NULL && end > start ? (size_t)(end - start) : 0;
}

static size_t data_size(void)
{
	return span(__start_spmsim_ns_image_data, __stop_spmsim_ns_image_data);
}

static size_t bss_size(void)
{
	return span(__start_spmsim_ns_image_bss, __stop_spmsim_ns_image_bss);
}

/*
 * Copies byte by byte without AddressSanitizer's checks: in an instrumented
 * build the sections hold the redzones around each global, rewritten with
 * them. The volatile access keeps the loop from becoming a checked memcpy.
 */
__attribute__((no_sanitize_address)) static void
raw_copy(char *to, const char *from, size_t n)
{
	volatile char *t = to;

	for (size_t i = 0; i < n; i++) {
		t[i] = from[i];
	}
}

/** Frees the copy when the process ends (keeps leak checkers exact). */
static void release(void)
{
	free(ns.copy);
	ns.copy = NULL;
}

void sim_ns_image_snapshot(void)
{
	size_t n = data_size() + bss_size();

	if (ns.copy == NULL) {
		ns.copy = malloc(n > 0 ? n : 1);
		if (ns.copy == NULL) {
			arch_fatal(__FILE__, __LINE__,
			           "out of memory for the non-secure image");
		}
		atexit(release);
	}
	raw_copy(ns.copy, __start_spmsim_ns_image_data, data_size());
	raw_copy(ns.copy + data_size(), __start_spmsim_ns_image_bss,
	         bss_size());
	ns.taken = true;
}

void sim_ns_image_restore(void)
{
	if (!ns.taken) {
		return;
	}
	raw_copy(__start_spmsim_ns_image_data, ns.copy, data_size());
	raw_copy(__start_spmsim_ns_image_bss, ns.copy + data_size(),
	         bss_size());
}
