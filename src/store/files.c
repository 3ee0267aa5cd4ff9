/* files.c: a content-addressed directory of photos, written so that a returned put survives a power cut. */
#include "files.h"
#include "../core/arena.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HASH_HEX (2 * crypto_hash_sha256_BYTES)

static char *base; /* set once by files_init, before the server's threads start */

int
files_init(const char *dir)
{
	if (dir == NULL || dir[0] == '\0') {
		errno = EINVAL;
		return -1;
	}
	/* SHA-256 and the temp names' random bytes come from libsodium; initialising it again is
	 * harmless, and puts no order on the callers. */
	if (sodium_init() < 0) {
		errno = ENOSYS;
		return -1;
	}
	char *copy = strdup(dir);
	if (copy == NULL)
		return -1;
	/* mkdir -p: each prefix that ends at a '/', then the whole path */
	for (char *s = copy + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(copy, 0700) < 0 && errno != EEXIST) {
			int e = errno;
			free(copy);
			errno = e;
			return -1;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	struct stat st;
	int e = 0;
	if (stat(copy, &st) < 0)
		e = errno;
	else if (!S_ISDIR(st.st_mode))
		e = ENOTDIR; /* mkdir said EEXIST for a file of that name */
	if (e != 0) {
		free(copy);
		errno = e;
		return -1;
	}
	free(base);
	base = copy;
	return 0;
}

const char *
files_dir(void)
{
	return base;
}

static bool
ext_ok(const char *ext)
{
	return ext != NULL && (strcmp(ext, "jpg") == 0 || strcmp(ext, "png") == 0 || strcmp(ext, "pdf") == 0);
}

/* Exactly what files_put produces. Anything else — a path, "..", uppercase hex, a temp file's
 * name — is not a stored photo, whatever the disk holds. */
static bool
name_ok(const char *name)
{
	if (name == NULL)
		return false;
	for (size_t i = 0; i < HASH_HEX; i++)
		if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
			return false; /* also stops at a NUL before 64 characters */
	return name[HASH_HEX] == '.' && ext_ok(name + HASH_HEX + 1);
}

static void
hex(const unsigned char *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

static bool
write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += w;
		n -= (size_t)w;
	}
	return true;
}

enum yl_err
files_put(const void *p, size_t n, const char *ext, char name[FILES_NAME_MAX])
{
	name[0] = '\0';
	if (!ext_ok(ext))
		return ERR_INVALID;
	if (base == NULL)
		return ERR_INTERNAL;

	unsigned char h[crypto_hash_sha256_BYTES];
	char hx[HASH_HEX + 1], final[FILES_NAME_MAX];
	crypto_hash_sha256(h, p, n);
	hex(h, sizeof h, hx);
	snprintf(final, sizeof final, "%s.%s", hx, ext);

	int dfd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return ERR_INTERNAL;
	enum yl_err rc = ERR_INTERNAL;
	int fd = -1;
	char tmp[32] = "";

	struct stat st;
	if (fstatat(dfd, final, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == n) {
		/* The same name and size is the same photo. Its entry may come from a put whose
		 * directory fsync failed, so sync the directory again before promising anything. */
		if (fsync(dfd) == 0)
			rc = YL_OK;
		goto out;
	}

	/* A random temp name, so two threads storing the same photo at once never share a file;
	 * the leading dot keeps it out of name_ok's reach. */
	for (int tries = 0; fd < 0 && tries < 8; tries++) {
		unsigned char r[8];
		randombytes_buf(r, sizeof r);
		memcpy(tmp, ".tmp-", 5);
		hex(r, sizeof r, tmp + 5);
		fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		tmp[0] = '\0';
		goto out;
	}
	bool ok = write_all(fd, p, n) && fsync(fd) == 0;
	if (close(fd) < 0)
		ok = false; /* NFS and some FUSE file systems report write errors only here */
	fd = -1;
	if (!ok || renameat(dfd, tmp, dfd, final) < 0)
		goto out;
	tmp[0] = '\0'; /* renamed: nothing left to remove */
	/* The rename is durable only once the directory is: without this, a power cut can
	 * bring back a database row that names a file the directory never recorded. */
	if (fsync(dfd) == 0)
		rc = YL_OK;
out:
	if (fd >= 0)
		close(fd);
	if (tmp[0] != '\0')
		unlinkat(dfd, tmp, 0);
	close(dfd);
	if (rc == YL_OK)
		memcpy(name, final, strlen(final) + 1);
	return rc;
}

enum yl_err
files_read(struct arena *a, const char *name, unsigned char **p, size_t *n)
{
	*p = NULL;
	*n = 0;
	if (!name_ok(name))
		return ERR_NOTFOUND;
	if (base == NULL)
		return ERR_INTERNAL;
	int dfd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return ERR_INTERNAL;
	/* O_NONBLOCK: a FIFO planted under a photo's name must not hang the reader; it is refused
	 * below as not a regular file. */
	int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	int e = errno;
	close(dfd);
	if (fd < 0)
		return e == ENOENT || e == ELOOP ? ERR_NOTFOUND : ERR_INTERNAL;

	enum yl_err rc = ERR_INTERNAL;
	struct stat st;
	if (fstat(fd, &st) < 0)
		goto out;
	if (!S_ISREG(st.st_mode)) {
		rc = ERR_NOTFOUND;
		goto out;
	}
	size_t size = (size_t)st.st_size, got = 0;
	unsigned char *buf = arena_alloc(a, size + 1);
	while (got < size) {
		ssize_t r = read(fd, buf + got, size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			goto out; /* an error, or the file shrank under us: stored files never do */
		got += (size_t)r;
	}
	buf[size] = '\0';
	*p = buf;
	*n = size;
	rc = YL_OK;
out:
	close(fd);
	return rc;
}
