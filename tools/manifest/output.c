#include "output.h"

#include <dirent.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/** Creates directory @path and its parents; 0 or an errno value. */
static int make_dirs(const char *path)
{
	char *p = manifest_xstrdup(path);
	struct stat st;
	int err = 0;
	size_t i;

	for (i = 1; p[i] && !err; i++) {
		if (p[i] != '/' || p[i - 1] == '/')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			err = errno;
		p[i] = '/';
	}
	if (!err && mkdir(p, 0777) != 0 && errno != EEXIST)
		err = errno;
	if (!err && (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)))
		err = ENOTDIR;
	free(p);
	return err;
}

/** True when file @path holds exactly @text. */
static bool same_content(const char *path, const char *text)
{
	size_t len = strlen(text), got;
	FILE *f = fopen(path, "rb");
	char *old;
	bool same;

	if (f == NULL)
		return false;
	old = manifest_xmalloc(len + 1);
	got = fread(old, 1, len + 1, f);
	same = got == len && memcmp(old, text, len) == 0;
	free(old);
	fclose(f);
	return same;
}

/** Writes @text to @tmp; 0 or an errno value. */
static int write_all(const char *tmp, const char *text)
{
	size_t len = strlen(text);
	FILE *f = fopen(tmp, "wb");
	int err = 0;

	if (f == NULL)
		return errno;
	if (fwrite(text, 1, len, f) != len)
		err = errno ? errno : EIO;
	if (fclose(f) != 0 && !err)
		err = errno;
	return err;
}

/** Replaces @path by @text unless it already holds it. */
static bool write_file(const char *path, const char *text,
                       struct manifest_diag *diag)
{
	char *tmp;
	int err;

	if (same_content(path, text))
		return true;
	tmp = manifest_xasprintf("%s.tmp", path);
	err = write_all(tmp, text);
	if (!err && rename(tmp, path) != 0)
		err = errno;
	if (err) {
		unlink(tmp);
		manifest_diag_error(diag, "cannot write '%s': %s", path,
		                    strerror(err));
	}
	free(tmp);
	return err == 0;
}

/** Creates the directory that will hold @path. */
static bool make_parent(const char *path, struct manifest_diag *diag)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int err;

	if (slash == NULL || slash == path)
		return true;
	dir = manifest_xstrndup(path, (size_t)(slash - path));
	err = make_dirs(dir);
	if (err)
		manifest_diag_error(diag, "cannot create directory '%s': %s",
		                    dir, strerror(err));
	free(dir);
	return err == 0;
}

/** Makes @path exist and bumps its time: make's record of this run. */
static bool touch(const char *path, struct manifest_diag *diag)
{
	int fd = open(path, O_WRONLY | O_CREAT, 0666);

	if (fd < 0 || futimens(fd, NULL) != 0) {
		manifest_diag_error(diag, "cannot write '%s': %s", path,
		                    strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	close(fd);
	return true;
}

/** True when "psa_manifest/@name" is one of @out's files. */
static bool generated(const struct manifest_outputs *out, const char *name)
{
	size_t i;

	for (i = 0; i < out->n; i++)
		if (strncmp(out->v[i].path, "psa_manifest/", 13) == 0 &&
		    strcmp(out->v[i].path + 13, name) == 0)
			return true;
	return false;
}

/**
 * Removes the headers of partitions that are gone (a manifest taken out of
 * the list, a conditional now off), so no stale header can be included.
 */
static void remove_stale_headers(const char *outdir,
                                 const struct manifest_outputs *out)
{
	char *dir = manifest_xasprintf("%s/psa_manifest", outdir);
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);

		if (n > 2 && strcmp(e->d_name + n - 2, ".h") == 0 &&
		    !generated(out, e->d_name)) {
			char *path =
			        manifest_xasprintf("%s/%s", dir, e->d_name);

			unlink(path);
			free(path);
		}
	}
	if (d)
		closedir(d);
	free(dir);
}

bool manifest_output_write(const char *outdir,
                           const struct manifest_outputs *out,
                           const char *depfile, const char *dep_text,
                           struct manifest_diag *diag)
{
	bool ok = true;
	char *path;
	size_t i;

	for (i = 0; ok && i < out->n; i++) {
		path = manifest_xasprintf("%s/%s", outdir, out->v[i].path);
		ok = make_parent(path, diag) &&
		     write_file(path, out->v[i].text, diag);
		free(path);
	}
	if (ok)
		remove_stale_headers(outdir, out);
	if (ok) {
		path = manifest_xasprintf("%s/.stamp", outdir);
		ok = touch(path, diag);
		free(path);
	}
	if (ok && depfile)
		ok = make_parent(depfile, diag) &&
		     write_file(depfile, dep_text, diag);
	return ok;
}
