/*
 * The mailbox non-secure agent (see <spmsim/ns_agent.h>): waits for the
 * doorbell, takes every pending message of the mailbox, makes each call for
 * its client and replies, which rings the doorbell back. As in TF-M's
 * agent, the interrupt is ended before the mailbox is drained, so a post
 * that comes meanwhile rings again and is not missed.
 */
#include "psa/service.h"
#include "psa_manifest/ns_agent_mailbox.h"
#include "spmsim/ns_agent.h"

void ns_agent_mailbox_entry(void)
{
	struct spmsim_mailbox_msg msg;
	int slot;

	psa_irq_enable(MAILBOX_INTERRUPT_SIGNAL);
	for (;;) {
		(void)psa_wait(MAILBOX_INTERRUPT_SIGNAL, PSA_BLOCK);
		psa_eoi(MAILBOX_INTERRUPT_SIGNAL);
		while ((slot = spmsim_mailbox_take(&msg)) >= 0) {
			spmsim_mailbox_reply(slot, spmsim_agent_dispatch(&msg));
		}
	}
}
