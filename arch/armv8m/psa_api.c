/*
 * The PSA API as secure partitions call it on the Cortex-M33: the build
 * renames every partition's call of psa_<name>() to armv8m_psa_<name>()
 * (objcopy --redefine-sym on the partition's merged object), which enters
 * the SPM (the SVC gate, when the partition runs unprivileged), calls the
 * SPM's function privileged in Thread mode on the partition's own stack
 * (TF-M's thread-call model: a blocking call is a context switch by
 * PendSV), and leaves it again under the partition's boundary. The host's
 * counterpart is sim/veneer.c.
 */
#include <psa/client.h>
#include <psa/lifecycle.h>
#include <psa/service.h>

#include "arch.h"

uint32_t armv8m_psa_framework_version(void);
uint32_t armv8m_psa_framework_version(void)
{
	uint32_t r;

	arch_isolation_enter_spm();
	r = psa_framework_version();
	arch_isolation_leave_spm();
	return r;
}

uint32_t armv8m_psa_version(uint32_t sid);
uint32_t armv8m_psa_version(uint32_t sid)
{
	uint32_t r;

	arch_isolation_enter_spm();
	r = psa_version(sid);
	arch_isolation_leave_spm();
	return r;
}

psa_handle_t armv8m_psa_connect(uint32_t sid, uint32_t version);
psa_handle_t armv8m_psa_connect(uint32_t sid, uint32_t version)
{
	psa_handle_t r;

	arch_isolation_enter_spm();
	r = psa_connect(sid, version);
	arch_isolation_leave_spm();
	return r;
}

psa_status_t armv8m_psa_call(psa_handle_t handle, int32_t type,
                             const psa_invec *in_vec, size_t in_len,
                             psa_outvec *out_vec, size_t out_len);
psa_status_t armv8m_psa_call(psa_handle_t handle, int32_t type,
                             const psa_invec *in_vec, size_t in_len,
                             psa_outvec *out_vec, size_t out_len)
{
	psa_status_t r;

	arch_isolation_enter_spm();
	r = psa_call(handle, type, in_vec, in_len, out_vec, out_len);
	arch_isolation_leave_spm();
	return r;
}

void armv8m_psa_close(psa_handle_t handle);
void armv8m_psa_close(psa_handle_t handle)
{
	arch_isolation_enter_spm();
	psa_close(handle);
	arch_isolation_leave_spm();
}

psa_signal_t armv8m_psa_wait(psa_signal_t signal_mask, uint32_t timeout);
psa_signal_t armv8m_psa_wait(psa_signal_t signal_mask, uint32_t timeout)
{
	psa_signal_t r;

	arch_isolation_enter_spm();
	r = psa_wait(signal_mask, timeout);
	arch_isolation_leave_spm();
	return r;
}

psa_status_t armv8m_psa_get(psa_signal_t signal, psa_msg_t *msg);
psa_status_t armv8m_psa_get(psa_signal_t signal, psa_msg_t *msg)
{
	psa_status_t r;

	arch_isolation_enter_spm();
	r = psa_get(signal, msg);
	arch_isolation_leave_spm();
	return r;
}

void armv8m_psa_set_rhandle(psa_handle_t msg_handle, void *rhandle);
void armv8m_psa_set_rhandle(psa_handle_t msg_handle, void *rhandle)
{
	arch_isolation_enter_spm();
	psa_set_rhandle(msg_handle, rhandle);
	arch_isolation_leave_spm();
}

size_t armv8m_psa_read(psa_handle_t msg_handle, uint32_t invec_idx,
                       void *buffer, size_t num_bytes);
size_t armv8m_psa_read(psa_handle_t msg_handle, uint32_t invec_idx,
                       void *buffer, size_t num_bytes)
{
	size_t r;

	arch_isolation_enter_spm();
	r = psa_read(msg_handle, invec_idx, buffer, num_bytes);
	arch_isolation_leave_spm();
	return r;
}

size_t armv8m_psa_skip(psa_handle_t msg_handle, uint32_t invec_idx,
                       size_t num_bytes);
size_t armv8m_psa_skip(psa_handle_t msg_handle, uint32_t invec_idx,
                       size_t num_bytes)
{
	size_t r;

	arch_isolation_enter_spm();
	r = psa_skip(msg_handle, invec_idx, num_bytes);
	arch_isolation_leave_spm();
	return r;
}

void armv8m_psa_write(psa_handle_t msg_handle, uint32_t outvec_idx,
                      const void *buffer, size_t num_bytes);
void armv8m_psa_write(psa_handle_t msg_handle, uint32_t outvec_idx,
                      const void *buffer, size_t num_bytes)
{
	arch_isolation_enter_spm();
	psa_write(msg_handle, outvec_idx, buffer, num_bytes);
	arch_isolation_leave_spm();
}

void armv8m_psa_reply(psa_handle_t msg_handle, psa_status_t status);
void armv8m_psa_reply(psa_handle_t msg_handle, psa_status_t status)
{
	arch_isolation_enter_spm();
	psa_reply(msg_handle, status);
	arch_isolation_leave_spm();
}

void armv8m_psa_notify(int32_t partition_id);
void armv8m_psa_notify(int32_t partition_id)
{
	arch_isolation_enter_spm();
	psa_notify(partition_id);
	arch_isolation_leave_spm();
}

void armv8m_psa_clear(void);
void armv8m_psa_clear(void)
{
	arch_isolation_enter_spm();
	psa_clear();
	arch_isolation_leave_spm();
}

void armv8m_psa_eoi(psa_signal_t irq_signal);
void armv8m_psa_eoi(psa_signal_t irq_signal)
{
	arch_isolation_enter_spm();
	psa_eoi(irq_signal);
	arch_isolation_leave_spm();
}

void armv8m_psa_irq_enable(psa_signal_t irq_signal);
void armv8m_psa_irq_enable(psa_signal_t irq_signal)
{
	arch_isolation_enter_spm();
	psa_irq_enable(irq_signal);
	arch_isolation_leave_spm();
}

psa_irq_status_t armv8m_psa_irq_disable(psa_signal_t irq_signal);
psa_irq_status_t armv8m_psa_irq_disable(psa_signal_t irq_signal)
{
	psa_irq_status_t r;

	arch_isolation_enter_spm();
	r = psa_irq_disable(irq_signal);
	arch_isolation_leave_spm();
	return r;
}

void armv8m_psa_reset_signal(psa_signal_t irq_signal);
void armv8m_psa_reset_signal(psa_signal_t irq_signal)
{
	arch_isolation_enter_spm();
	psa_reset_signal(irq_signal);
	arch_isolation_leave_spm();
}

const void *armv8m_psa_map_invec(psa_handle_t msg_handle, uint32_t invec_idx);
const void *armv8m_psa_map_invec(psa_handle_t msg_handle, uint32_t invec_idx)
{
	const void *r;

	arch_isolation_enter_spm();
	r = psa_map_invec(msg_handle, invec_idx);
	arch_isolation_leave_spm();
	return r;
}

void armv8m_psa_unmap_invec(psa_handle_t msg_handle, uint32_t invec_idx);
void armv8m_psa_unmap_invec(psa_handle_t msg_handle, uint32_t invec_idx)
{
	arch_isolation_enter_spm();
	psa_unmap_invec(msg_handle, invec_idx);
	arch_isolation_leave_spm();
}

void *armv8m_psa_map_outvec(psa_handle_t msg_handle, uint32_t outvec_idx);
void *armv8m_psa_map_outvec(psa_handle_t msg_handle, uint32_t outvec_idx)
{
	void *r;

	arch_isolation_enter_spm();
	r = psa_map_outvec(msg_handle, outvec_idx);
	arch_isolation_leave_spm();
	return r;
}

void armv8m_psa_unmap_outvec(psa_handle_t msg_handle, uint32_t outvec_idx,
                             size_t len);
void armv8m_psa_unmap_outvec(psa_handle_t msg_handle, uint32_t outvec_idx,
                             size_t len)
{
	arch_isolation_enter_spm();
	psa_unmap_outvec(msg_handle, outvec_idx, len);
	arch_isolation_leave_spm();
}

uint32_t armv8m_psa_rot_lifecycle_state(void);
uint32_t armv8m_psa_rot_lifecycle_state(void)
{
	uint32_t r;

	arch_isolation_enter_spm();
	r = psa_rot_lifecycle_state();
	arch_isolation_leave_spm();
	return r;
}

void armv8m_psa_panic(void) __attribute__((noreturn));
void armv8m_psa_panic(void)
{
	arch_isolation_enter_spm();
	psa_panic();
}
