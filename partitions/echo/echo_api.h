/*
 * The echo service's interface: a call copies input vector 0 to output
 * vector 0 and writes the model the partition runs in (ECHO_MODEL_*) as a
 * uint32_t to output vector 1.
 */
#ifndef PARTITIONS_ECHO_API_H
#define PARTITIONS_ECHO_API_H

/** The largest input the service echoes. */
#define ECHO_MAX_SIZE 64u

/** What output vector 1 says. */
#define ECHO_MODEL_IPC 1u
#define ECHO_MODEL_SFN 2u

#endif /* PARTITIONS_ECHO_API_H */
