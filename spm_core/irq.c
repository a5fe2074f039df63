/*
 * Interrupt routing: a table from line to (partition, IRQ index), built at
 * boot from the load table, and the handler the architecture calls.
 */
#include "irq.h"

#include <stdio.h>

#include "backend.h"
#include "trace.h"

struct irq_route {
	struct spm_partition *p;
	uint32_t idx;
};

struct irq_state {
	struct irq_route route[SPM_MAX_IRQ_LINES];
	/** Line of each (partition, IRQ), by partition index then IRQ index. */
	uint32_t line[SPM_MAX_PARTITIONS][32];
};

static struct irq_state irqs;
uint32_t spm_irq_depth;

/** Routes IRQ @k of @p; -1 with @why on an unknown or shared line. */
static int route(struct spm_partition *p, uint32_t k, char *why, size_t n)
{
	const struct spm_irq_desc *d = &p->desc->irqs[k];
	uint32_t line = arch_irq_line(d->source_name, d->source);

	if (line == ARCH_IRQ_NONE || line >= SPM_MAX_IRQ_LINES) {
		snprintf(why, n,
		         "partition '%s': IRQ source '%s' is not an interrupt "
		         "of this platform",
		         p->name,
		         d->source_name != NULL ? d->source_name : "?");
		return -1;
	}
	if (irqs.route[line].p != NULL) {
		snprintf(why, n,
		         "partitions '%s' and '%s' both claim interrupt %u",
		         irqs.route[line].p->name, p->name, (unsigned)line);
		return -1;
	}
	irqs.route[line] = (struct irq_route){.p = p, .idx = k};
	irqs.line[p->index][k] = line;
	if ((p->irq_enabled & (1u << k)) != 0) {
		arch_irq_enable(line);
	} else {
		arch_irq_disable(line);
	}
	return 0;
}

int spm_irq_init(char *why, size_t why_size)
{
	struct spm *s = spm_sys();

	irqs = (struct irq_state){0};
	spm_irq_depth = 0; /* a panic in a handler never unwound it */
	for (uint32_t i = 0; i < s->n_partitions; i++) {
		struct spm_partition *p = &s->partitions[i];

		for (uint32_t k = 0; k < p->desc->n_irqs; k++) {
			if (route(p, k, why, why_size) != 0) {
				return -1;
			}
		}
	}
	return 0;
}

uint32_t spm_irq_line_of(const struct spm_partition *p, uint32_t idx)
{
	return irqs.line[p->index][idx];
}

/** Runs the first-level handler of IRQ @idx as its partition. */
static void run_flih(struct spm_partition *p, uint32_t idx)
{
	struct spm *s = spm_sys();
	const struct spm_irq_desc *d = &p->desc->irqs[idx];
	struct spm_partition *interrupted = s->current;
	psa_flih_result_t (*flih)(void) = d->flih;
	psa_flih_result_t r;

	/* Above level 1 the FLIH runs inside its own partition's boundary. */
	spm_set_current(p);
	r = arch_run_flih(flih);
	spm_set_current(interrupted);
	if (r == PSA_FLIH_SIGNAL) {
		spm_assert_signals(p, d->signal);
	} else if (r != PSA_FLIH_NO_SIGNAL) {
		spm_panic(p, SPM_PANIC_PROGRAMMER_ERROR, "flih",
		          "a first-level handler returned neither "
		          "PSA_FLIH_SIGNAL nor PSA_FLIH_NO_SIGNAL");
	}
}

void spm_irq_handler(uint32_t line)
{
	struct irq_route *r;

	if (line >= SPM_MAX_IRQ_LINES || irqs.route[line].p == NULL) {
		return; /* no secure owner: a spurious interrupt */
	}
	r = &irqs.route[line];
	spm_trace_irq(r->p, r->idx, line);
	spm_irq_depth++;
	if (r->p->desc->irqs[r->idx].handling == SPM_IRQ_FLIH) {
		run_flih(r->p, r->idx);
	} else {
		/* SLIH: masked until the partition's psa_eoi(). */
		arch_irq_disable(line);
		r->p->irq_enabled &= ~(1u << r->idx);
		spm_assert_signals(r->p, r->p->desc->irqs[r->idx].signal);
	}
	spm_irq_depth--;
}
