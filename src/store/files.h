/* files.h: uploaded photos on disk, named by their SHA-256, in a directory no route serves directly. */
#ifndef YL_STORE_FILES_H
#define YL_STORE_FILES_H

#include <stddef.h>

#include "../core/result.h"

struct arena;

/* "<64 lowercase hex>.<jpg|png|pdf>" and its NUL, with room to spare. */
#define FILES_NAME_MAX 72

/* Sets the directory (created 0700 with parents if missing; an existing one is used as it is).
 * Returns 0 or -1 with errno. Called once at start (serve), before any thread; the string is
 * copied. */
int files_init(const char *dir);
const char *files_dir(void); /* NULL before files_init */

/* Stores p[0..n) under "<sha256 hex>.<ext>" (ext "jpg", "png" or "pdf", else ERR_INVALID): writes a
 * temp file (mode 0600) in the same directory, fsync()s it, rename()s it into place, then
 * fsync()s the directory — all BEFORE returning, so a caller commits its database row only
 * after the bytes are durable. An existing file of the same name and size is left (same
 * content). name receives the file name (NUL-terminated). ERR_INTERNAL on I/O errors (the temp
 * file removed) or before files_init. Blocks on the disk: call it from the worker pool. */
enum yl_err files_put(const void *p, size_t n, const char *ext, char name[FILES_NAME_MAX]);

/* Reads a stored file into the arena (*p has *n bytes, plus a NUL not counted). The name must
 * look exactly like files_put's output (64 lowercase hex, '.', jpg|png|pdf) or ERR_NOTFOUND: never a
 * path. ERR_NOTFOUND too when no such file, or it is not a regular file (a symlink is not
 * followed); ERR_INTERNAL on I/O errors or before files_init. */
enum yl_err files_read(struct arena *a, const char *name, unsigned char **p, size_t *n);

#endif
