/*
 * Partition memory on the host: where each partition's globals live, and
 * putting them back to their initial values on a reset.
 *
 * The build links every partition's objects into sections of its own,
 * spmsim_data_<NAME> (initialised data) and spmsim_bss_<NAME> (zeroed data),
 * and the manifest compiler emits spmsim_memory_table[] naming their bounds
 * through the linker's __start_/__stop_ symbols. The first boot takes a copy
 * of every data section as the pristine image; a reset or a shutdown copies
 * it back and zeroes every bss section, as a board's startup code does.
 */
#ifndef SIM_MEMORY_H
#define SIM_MEMORY_H

#include <stddef.h>

/** One partition's writable memory; NULL bounds when it has none. */
struct sim_memory_region {
	const char *partition;
	char *data_start;
	char *data_end;
	char *bss_start;
	char *bss_end;
};

/** The build's table, terminated by an entry with a NULL partition name. */
extern const struct sim_memory_region spmsim_memory_table[];

/** Takes the pristine image of every partition's data, once per process. */
void sim_memory_snapshot(void);

/** Puts every partition's data and bss back to the pristine image. */
void sim_memory_restore(void);

/**
 * The pages holding the pristine image, and their size in *@size; NULL
 * before the first snapshot or when no partition has initialised data.
 */
void *sim_memory_image(size_t *size);

/** The number of partitions whose memory is restored (for tests). */
size_t sim_memory_regions(void);

#endif /* SIM_MEMORY_H */
