/* charset.h: bringing imported text to UTF-8 (files from Excel on Chinese Windows are GBK). */
#ifndef YL_CHARSET_H
#define YL_CHARSET_H

#include <stddef.h>

#include "result.h"

struct arena;

/* Converts data to UTF-8 into the arena. charset is what the sender declared ("utf-8", "gbk",
 * "gb18030", "gb2312"; case-insensitive) or NULL to detect: valid UTF-8 is taken as it is,
 * anything else is read as GB18030 (a superset of GBK and GB2312). A UTF-8 BOM is dropped.
 * ERR_INVALID when the bytes are not valid in that encoding (*bad_offset says where);
 * ERR_MALFORMED for a charset it does not know. *used names the encoding applied. */
enum yl_err charset_to_utf8(struct arena *a, const char *data, size_t n, const char *charset, char **out,
                            size_t *outlen, const char **used, size_t *bad_offset);

#endif
