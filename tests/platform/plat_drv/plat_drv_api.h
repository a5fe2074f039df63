/*
 * The PLAT_DRV_SVC service's interface (tests/platform/plat_drv): connect
 * with psa_connect(PLAT_DRV_SVC_SID, 1), then call one of the message types
 * below. Fixed-width fields only.
 */
#ifndef PLAT_DRV_API_H
#define PLAT_DRV_API_H

#include <stdint.h>

/** PLAT_SCRATCH's board address (the platform file's). */
#define PLAT_SCRATCH_ADDR 0x40310000u

/** out_vec[0]: a struct plat_status. */
#define PLAT_STATUS           (1)
/** in_vec[0]: a struct plat_wdog_start; unlocks, programs, locks. */
#define PLAT_WDOG_START       (2)
/** in_vec[0]: a uint32_t LOAD; 0 kicks with INTCLR instead. */
#define PLAT_WDOG_KICK        (3)
/**
 * in_vec[0]: a uint32_t LOAD stored without unlocking; out_vec[0]: the
 * uint32_t LOAD reads after the device saw the store.
 */
#define PLAT_WDOG_POKE_LOCKED (4)
/** in_vec[0]: a uint32_t stored in PLAT_SCRATCH's first word. */
#define PLAT_SCRATCH_WRITE    (5)

struct plat_wdog_start {
	uint32_t load;
	uint32_t ctrl;
};

struct plat_status {
	/** PLAT_DOORBELL interrupts handled. */
	uint32_t doorbells;
	/** Watchdog interrupts handled, and RIS as the last one saw it. */
	uint32_t wdog_irqs;
	uint32_t wdog_ris;
	/** The watchdog's LOAD and LOCK now. */
	uint32_t wdog_load;
	uint32_t wdog_lock;
};

#endif /* PLAT_DRV_API_H */
