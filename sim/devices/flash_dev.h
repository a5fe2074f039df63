/*
 * The simulated board's non-volatile memory, SPMSIM_FLASH0 (flash_dev.c).
 */
#ifndef SIM_FLASH_DEV_H
#define SIM_FLASH_DEV_H

#include <stddef.h>
#include <stdint.h>

/**
 * Maps the flash for a boot: backed by the file at @path (created erased
 * when missing or empty), or by shared anonymous memory when @path is NULL.
 * Returns 0, or -1 with the reason in @why.
 */
int flash_dev_open(const char *path, char *why, size_t why_size);

/** Writes the contents back to the file (if any) and unmaps them. */
void flash_dev_close(void);

/** The host address of board address @addr in the flash, or NULL. */
void *flash_dev_host(uint32_t addr);

#endif /* SIM_FLASH_DEV_H */
