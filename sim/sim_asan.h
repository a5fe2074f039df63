/*
 * SIM_ASAN is defined when AddressSanitizer instruments this build (gcc's
 * __SANITIZE_ADDRESS__, clang's __has_feature), and then its interface is
 * included: the host layer tells it of stack switches and of the frames a
 * fault handler abandons.
 */
#ifndef SIM_ASAN_H
#define SIM_ASAN_H

#if defined(__SANITIZE_ADDRESS__)
#define SIM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SIM_ASAN 1
#endif
#endif
#ifdef SIM_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

#endif /* SIM_ASAN_H */
