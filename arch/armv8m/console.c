/*
 * Output and exit, for both images: the C library's _write() goes to one
 * CMSDK APB UART (each image its own), and armv8m_exit() ends the run
 * through semihosting, so QEMU's exit status is the program's. Built into
 * the Secure and the Non-secure image alike.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>

#include "an505.h"
#include "armv8m.h"

/** Semihosting operation and the reason that carries an exit code. */
#define SYS_EXIT_EXTENDED    0x20u
#define ADP_STOPPED_APP_EXIT 0x20026u
/** QEMU's UART needs a divisor of at least 16 to transmit. */
#define UART_BAUDDIV         16u

static uint32_t console;

void armv8m_console_init(uint32_t base)
{
	console = base;
	UART_BAUD(base) = UART_BAUDDIV;
	UART_CTRL(base) = UART_CTRL_TXEN;
}

static void put(char c)
{
	while ((UART_STATE(console) & UART_STATE_TXFULL) != 0) {
	}
	UART_DATA(console) = (uint8_t)c;
}

int _write(int fd, const char *buf, int len);
int _write(int fd, const char *buf, int len)
{
	(void)fd;
	if (console == 0) {
		return len;
	}
	for (int i = 0; i < len; i++) {
		if (buf[i] == '\n') {
			put('\r');
		}
		put(buf[i]);
	}
	return len;
}

void armv8m_exit(int code)
{
	uint32_t block[2] = {ADP_STOPPED_APP_EXIT, (uint32_t)code};
	register uint32_t r0 __asm("r0") = SYS_EXIT_EXTENDED;
	register uint32_t *r1 __asm("r1") = block;

	__asm volatile("bkpt 0xab" : : "r"(r0), "r"(r1) : "memory");
	for (;;) {
	}
}

/*
 * The rest of the C library's system interface: a heap between the
 * linker script's __heap_start and __heap_end, and no files.
 */
extern char __heap_start[], __heap_end[];

void *_sbrk(ptrdiff_t incr);
void *_sbrk(ptrdiff_t incr)
{
	static char *brk = __heap_start;
	char *old = brk;

	if (incr > __heap_end - brk) {
		errno = ENOMEM;
		return (void *)-1;
	}
	brk += incr;
	return old;
}

int _close(int fd);
int _close(int fd)
{
	(void)fd;
	return -1;
}

int _fstat(int fd, struct stat *st);
int _fstat(int fd, struct stat *st)
{
	(void)fd;
	st->st_mode = S_IFCHR;
	return 0;
}

int _isatty(int fd);
int _isatty(int fd)
{
	(void)fd;
	return 1;
}

int _lseek(int fd, int off, int whence);
int _lseek(int fd, int off, int whence)
{
	(void)fd;
	(void)off;
	(void)whence;
	return 0;
}

int _read(int fd, char *buf, int len);
int _read(int fd, char *buf, int len)
{
	(void)fd;
	(void)buf;
	(void)len;
	return 0;
}

void _exit(int code);
void _exit(int code)
{
	armv8m_exit(code);
}

int _kill(int pid, int sig);
int _kill(int pid, int sig)
{
	(void)pid;
	(void)sig;
	return -1;
}

int _getpid(void);
int _getpid(void)
{
	return 1;
}
