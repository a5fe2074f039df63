/*
 * The entry function as TF-M's partitions often write it. It must compile
 * against the generated header of either backend: the header declares no
 * entry prototype that could conflict with it.
 */
#include "psa_manifest/tfm_internal_trusted_storage.h"

void tfm_its_entry(void *param);

void tfm_its_entry(void *param)
{
	(void)param;
}
