/*
 * The psa_* functions partition code may call, each through an entry
 * veneer: the names an injection may count (sim/inject.c) and a scenario's
 * `at:` may name (sim/cli/scenario.c). X-macro: SIM_PSA_FUNCTIONS(X)
 * applies X to each name.
 */
#ifndef SIM_PSA_FUNCTIONS_H
#define SIM_PSA_FUNCTIONS_H

#define SIM_PSA_FUNCTIONS(X)                                                   \
	X(psa_framework_version)                                               \
	X(psa_version)                                                         \
	X(psa_connect)                                                         \
	X(psa_call)                                                            \
	X(psa_close)                                                           \
	X(psa_wait)                                                            \
	X(psa_get)                                                             \
	X(psa_set_rhandle)                                                     \
	X(psa_read)                                                            \
	X(psa_skip)                                                            \
	X(psa_write)                                                           \
	X(psa_reply)                                                           \
	X(psa_notify)                                                          \
	X(psa_clear)                                                           \
	X(psa_eoi)                                                             \
	X(psa_irq_enable)                                                      \
	X(psa_irq_disable)                                                     \
	X(psa_reset_signal)                                                    \
	X(psa_map_invec)                                                       \
	X(psa_unmap_invec)                                                     \
	X(psa_map_outvec)                                                      \
	X(psa_unmap_outvec)                                                    \
	X(psa_rot_lifecycle_state)

/** One name of SIM_PSA_FUNCTIONS as a string, for an array's initialiser. */
#define SIM_PSA_FUNCTION_NAME(f) #f,

#endif /* SIM_PSA_FUNCTIONS_H */
