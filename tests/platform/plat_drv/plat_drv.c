/*
 * PLAT_DRV: a driver partition on names from the project's platform file
 * (PLAT_SCRATCH, PLAT_DOORBELL_IRQ) and on the board's watchdog, which it
 * programs the way a CMSDK watchdog driver does: unlock, write, lock.
 * Its thread handles the two interrupts (second-level handlers) and the
 * test's messages.
 */
#include <stddef.h>
#include <stdint.h>

#include <psa/error.h>
#include <psa/service.h>

#include "psa_manifest/plat_drv.h"
#include "spmsim/platform.h"

#include "plat_drv_api.h"

#define WDOG    SPMSIM_WATCHDOG
#define SCRATCH ((volatile uint32_t *)spmsim_platform_mmio(PLAT_SCRATCH_ADDR))

#define PLAT_SIGNALS                                                           \
	(PLAT_DRV_SVC_SIGNAL | PLAT_DOORBELL_SIGNAL | PLAT_WDOG_SIGNAL)

static struct plat_status plat_st;

/** The watchdog's registers may be written until plat_wdog_lock(). */
static void plat_wdog_unlock(void)
{
	WDOG->lock = SPMSIM_WATCHDOG_UNLOCK;
}

static void plat_wdog_lock(void)
{
	WDOG->lock = 0u;
}

/** Reads in_vec[0] into @v (exactly @n bytes); false when it is not. */
static int plat_read(const psa_msg_t *msg, void *v, size_t n)
{
	return msg->in_size[0] == n && psa_read(msg->handle, 0, v, n) == n;
}

static psa_status_t plat_call(const psa_msg_t *msg)
{
	struct plat_wdog_start start;
	uint32_t v;

	switch (msg->type) {
	case PLAT_STATUS:
		plat_st.wdog_load = WDOG->load;
		plat_st.wdog_lock = WDOG->lock;
		psa_write(msg->handle, 0, &plat_st, sizeof(plat_st));
		return PSA_SUCCESS;
	case PLAT_WDOG_START:
		if (!plat_read(msg, &start, sizeof(start))) {
			return PSA_ERROR_INVALID_ARGUMENT;
		}
		plat_wdog_unlock();
		WDOG->load = start.load;
		WDOG->ctrl = start.ctrl;
		plat_wdog_lock();
		return PSA_SUCCESS;
	case PLAT_WDOG_KICK:
		if (!plat_read(msg, &v, sizeof(v))) {
			return PSA_ERROR_INVALID_ARGUMENT;
		}
		plat_wdog_unlock();
		if (v == 0u) {
			WDOG->intclr = 1u;
		} else {
			WDOG->load = v;
		}
		plat_wdog_lock();
		return PSA_SUCCESS;
	case PLAT_WDOG_POKE_LOCKED:
		if (!plat_read(msg, &v, sizeof(v))) {
			return PSA_ERROR_INVALID_ARGUMENT;
		}
		WDOG->load = v;
		spmsim_cpu_relax();
		v = WDOG->load;
		psa_write(msg->handle, 0, &v, sizeof(v));
		return PSA_SUCCESS;
	case PLAT_SCRATCH_WRITE:
		if (!plat_read(msg, &v, sizeof(v))) {
			return PSA_ERROR_INVALID_ARGUMENT;
		}
		SCRATCH[0] = v;
		return PSA_SUCCESS;
	default:
		return PSA_ERROR_NOT_SUPPORTED;
	}
}

static void plat_message(void)
{
	psa_msg_t msg;

	if (psa_get(PLAT_DRV_SVC_SIGNAL, &msg) != PSA_SUCCESS) {
		return;
	}
	if (msg.type == PSA_IPC_CONNECT || msg.type == PSA_IPC_DISCONNECT) {
		psa_reply(msg.handle, PSA_SUCCESS);
		return;
	}
	psa_reply(msg.handle, plat_call(&msg));
}

void plat_drv_main(void)
{
	psa_irq_enable(PLAT_DOORBELL_SIGNAL);
	psa_irq_enable(PLAT_WDOG_SIGNAL);
	for (;;) {
		psa_signal_t signals = psa_wait(PLAT_SIGNALS, PSA_BLOCK);

		if (signals & PLAT_DOORBELL_SIGNAL) {
			plat_st.doorbells++;
			psa_eoi(PLAT_DOORBELL_SIGNAL);
		}
		if (signals & PLAT_WDOG_SIGNAL) {
			/* Left set on purpose: a second expiry resets (RESEN).
			 */
			plat_st.wdog_irqs++;
			plat_st.wdog_ris = WDOG->ris;
			psa_eoi(PLAT_WDOG_SIGNAL);
		}
		if (signals & PLAT_DRV_SVC_SIGNAL) {
			plat_message();
		}
	}
}
