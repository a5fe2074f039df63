/*
 * The simulated board's flash: non-volatile memory behind MMIO region
 * SPMSIM_FLASH0.
 *
 * How it works. spmsim_boot() maps the flash once for the life of the boot
 * and spmsim_shutdown() unmaps it; resets in between leave the mapping
 * alone, so whatever a partition stored survives them, as a board's flash
 * survives its resets. The mapping is MAP_SHARED: with a backing file
 * (spmsim_config.flash_file) the kernel writes every store through to the
 * file, so a later boot, in this process or another, reads the same bytes;
 * without one it is shared anonymous memory that lives until shutdown.
 * Partition code reaches it through spmsim_platform_mmio(), like a device's
 * registers; nothing polls it, since nothing in it moves by itself.
 */
#include "flash_dev.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spmsim/devices.h"
#include "spmsim/platform.h"

static struct {
	/** The mapping, SPMSIM_FLASH0_SIZE bytes; NULL when none. */
	unsigned char *host;
} flash;

/** Opens @path for the flash: created, or checked for the right size. */
static int open_file(const char *path, bool *fresh, char *why, size_t n)
{
	struct stat st;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0 || fstat(fd, &st) != 0) {
		snprintf(why, n, "flash file '%s': %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
		}
		return -1;
	}
	*fresh = st.st_size == 0;
	if (*fresh && ftruncate(fd, SPMSIM_FLASH0_SIZE) != 0) {
		snprintf(why, n, "flash file '%s': %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (!*fresh && st.st_size != (off_t)SPMSIM_FLASH0_SIZE) {
		snprintf(why, n,
		         "flash file '%s' holds %lld bytes; SPMSIM_FLASH0 "
		         "needs exactly %u (or an empty file)",
		         path, (long long)st.st_size, SPMSIM_FLASH0_SIZE);
		close(fd);
		return -1;
	}
	return fd;
}

int flash_dev_open(const char *path, char *why, size_t why_size)
{
	bool fresh = true;
	int fd = -1;
	void *m;

	flash_dev_close();
	if (path != NULL) {
		fd = open_file(path, &fresh, why, why_size);
		if (fd < 0) {
			return -1;
		}
	}
	m = mmap(NULL, SPMSIM_FLASH0_SIZE, PROT_READ | PROT_WRITE,
	         MAP_SHARED | (fd < 0 ? MAP_ANONYMOUS : 0), fd, 0);
	if (fd >= 0) {
		close(fd); /* the mapping keeps the file */
	}
	if (m == MAP_FAILED) {
		snprintf(why, why_size, "cannot map the flash: %s",
		         strerror(errno));
		return -1;
	}
	flash.host = m;
	if (fresh) {
		memset(flash.host, SPMSIM_FLASH_ERASED, SPMSIM_FLASH0_SIZE);
	}
	return 0;
}

void flash_dev_close(void)
{
	if (flash.host == NULL) {
		return;
	}
	(void)msync(flash.host, SPMSIM_FLASH0_SIZE, MS_SYNC);
	munmap(flash.host, SPMSIM_FLASH0_SIZE);
	flash.host = NULL;
}

void *flash_dev_host(uint32_t addr)
{
	if (flash.host == NULL ||
	    addr - SPMSIM_FLASH0_ADDR >= SPMSIM_FLASH0_SIZE) {
		return NULL;
	}
	return flash.host + (addr - SPMSIM_FLASH0_ADDR);
}

/* ------------------------------------------------- the harness's side */

int spmsim_flash_erase(void)
{
	if (flash.host == NULL) {
		return -1;
	}
	memset(flash.host, SPMSIM_FLASH_ERASED, SPMSIM_FLASH0_SIZE);
	return 0;
}

const void *spmsim_flash_contents(size_t *size)
{
	if (size != NULL) {
		*size = flash.host != NULL ? SPMSIM_FLASH0_SIZE : 0;
	}
	return flash.host;
}
