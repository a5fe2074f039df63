/*
 * The COUNTER service's interface, shared by the partition and its clients.
 *
 * COUNTER is connection-based: a client opens a connection with
 * psa_connect(COUNTER_SID, COUNTER_VERSION), and each connection owns one
 * counter that starts at 0 and lives until psa_close(). Counters count modulo
 * 2^32. Every operation returns PSA_ERROR_INVALID_ARGUMENT when a vector has
 * the wrong size or a vector it does not use carries data, and an unknown
 * operation returns PSA_ERROR_NOT_SUPPORTED.
 */
#ifndef COUNTER_API_H
#define COUNTER_API_H

/**
 * Adds a step to the counter. in_vec[0]: optional uint32_t step (1 when
 * absent or empty). out_vec[0]: optional, receives the new uint32_t value.
 */
#define COUNTER_INCREMENT (1)

/** Reads the counter. out_vec[0]: receives the uint32_t value. */
#define COUNTER_READ (2)

/** Sets the counter back to 0. No vectors. */
#define COUNTER_RESET (3)

/**
 * How many connections may be open at once; psa_connect() returns
 * PSA_ERROR_CONNECTION_BUSY beyond that.
 */
#define COUNTER_MAX_CONNECTIONS (4u)

#endif /* COUNTER_API_H */
