/*
 * spm_check_failed() for tests that link a core module without spm.c (which
 * owns it): it forwards to arch_fatal() as spm.c does, so a broken
 * SPM_CHECK() reaches the fake architecture and the test can catch it.
 */
#include "spm.h"

void spm_check_failed(const char *file, int line, const char *what)
{
	arch_fatal(file, line, what);
}
