/* replay.c: runs a fuzz target once on each file named on the command line, so `make check` replays
 * the committed corpus under ASan and UBSan without libFuzzer. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* The whole file in a buffer of exactly its size, so a parser reading one byte too far is caught. */
static unsigned char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 4096, len = 0;
	unsigned char *p = malloc(cap);
	while (p != NULL) {
		if (len == cap) {
			unsigned char *q = realloc(p, cap *= 2);
			if (q == NULL) {
				free(p);
				p = NULL;
				break;
			}
			p = q;
		}
		size_t got = fread(p + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (p != NULL && ferror(f)) {
		free(p);
		p = NULL;
	}
	fclose(f);
	if (p == NULL)
		return NULL;
	unsigned char *exact = malloc(len ? len : 1);
	if (exact != NULL && len)
		memcpy(exact, p, len);
	free(p);
	*n = len;
	return exact;
}

int
main(int argc, char **argv)
{
	int ran = 0, bad = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			continue; /* the shell glob of an empty corpus, or a stray directory */
		size_t n = 0;
		unsigned char *data = slurp(argv[i], &n);
		if (data == NULL) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			bad++;
			continue;
		}
		LLVMFuzzerTestOneInput(data, n);
		free(data);
		ran++;
	}
	fprintf(stderr, "replayed %d inputs, %d unreadable\n", ran, bad);
	return bad ? 1 : 0;
}
