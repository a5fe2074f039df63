/*
 * The non-secure image's writable data, put back on a reset as a board's
 * reboot reloads it.
 *
 * The build merges a program's own objects and the client libraries into
 * one non-secure image whose .data and .bss are renamed to
 * spmsim_ns_image_data and spmsim_ns_image_bss (the Makefile's `program`);
 * the linker's __start_/__stop_ symbols bound them. A program linked
 * otherwise (the unit tests, the spmsim command) has neither section, and
 * nothing here touches its memory.
 */
#ifndef SIM_NS_IMAGE_H
#define SIM_NS_IMAGE_H

/** Copies the image's data and bss as they are now: what
 *  sim_ns_image_restore() puts back. */
void sim_ns_image_snapshot(void);

/** Puts the image's data and bss back to the last snapshot (if any). */
void sim_ns_image_restore(void);

#endif /* SIM_NS_IMAGE_H */
