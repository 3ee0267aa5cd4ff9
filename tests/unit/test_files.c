/* test_files.c: the photo store names files by their SHA-256, reads back only such names, and
 * leaves private files and no temp files behind. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "store/files.h"

/* SHA-256("abc"), FIPS 180-2 appendix B.1 */
#define ABC_SHA256 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

struct fixture {
	char top[64];
	char dir[128]; /* top/var/photos: files_init creates both levels */
	struct arena *a;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL)
		return -1;
	snprintf(f->top, sizeof f->top, "/tmp/yl-files-XXXXXX");
	if (mkdtemp(f->top) == NULL)
		return -1;
	snprintf(f->dir, sizeof f->dir, "%s/var/photos", f->top);
	if (files_init(f->dir) < 0)
		return -1;
	f->a = arena_new();
	*state = f;
	return 0;
}

static void
remove_tree(const char *path)
{
	DIR *d = opendir(path);
	if (d != NULL) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char p[512];
			snprintf(p, sizeof p, "%s/%s", path, e->d_name);
			struct stat st;
			if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
				remove_tree(p);
			else
				unlink(p);
		}
		closedir(d);
	}
	rmdir(path);
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	arena_free(f->a);
	remove_tree(f->top);
	free(f);
	return 0;
}

/* The names in the directory, sorted by readdir's whim; count returned. */
static int
listing(const char *dir, char names[][256], int max)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		assert_true(n < max);
		snprintf(names[n++], 256, "%.255s", e->d_name);
	}
	closedir(d);
	return n;
}

static void
a_stored_photo_is_named_by_its_sha256_and_reads_back_the_same(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(files_dir(), f->dir);
	char name[FILES_NAME_MAX];
	assert_int_equal(files_put("abc", 3, "png", name), YL_OK);
	assert_string_equal(name, ABC_SHA256 ".png");

	unsigned char photo[3000];
	for (size_t i = 0; i < sizeof photo; i++)
		photo[i] = (unsigned char)(i * 7 + 3);
	char name2[FILES_NAME_MAX];
	assert_int_equal(files_put(photo, sizeof photo, "jpg", name2), YL_OK);
	assert_int_equal(strlen(name2), 64 + 4);
	assert_string_equal(name2 + 64, ".jpg");

	unsigned char *p;
	size_t n;
	assert_int_equal(files_read(f->a, name, &p, &n), YL_OK);
	assert_int_equal(n, 3);
	assert_memory_equal(p, "abc", 3);
	assert_int_equal(files_read(f->a, name2, &p, &n), YL_OK);
	assert_int_equal(n, sizeof photo);
	assert_memory_equal(p, photo, sizeof photo);

	/* an empty file is a file too */
	assert_int_equal(files_put("", 0, "jpg", name), YL_OK);
	assert_int_equal(files_read(f->a, name, &p, &n), YL_OK);
	assert_int_equal(n, 0);
}

static void
the_same_photo_twice_is_one_file(void **state)
{
	struct fixture *f = *state;
	char a[FILES_NAME_MAX], b[FILES_NAME_MAX], c[FILES_NAME_MAX];
	assert_int_equal(files_put("same bytes", 10, "jpg", a), YL_OK);
	assert_int_equal(files_put("same bytes", 10, "jpg", b), YL_OK);
	assert_string_equal(a, b);
	/* the extension is part of the name: the same bytes as a PNG are another file */
	assert_int_equal(files_put("same bytes", 10, "png", c), YL_OK);
	assert_memory_equal(a, c, 64);
	assert_string_not_equal(a, c);
	char names[8][256];
	assert_int_equal(listing(f->dir, names, 8), 2);
}

static void
a_truncated_file_under_the_name_is_replaced(void **state)
{
	struct fixture *f = *state;
	char name[FILES_NAME_MAX], path[256];
	assert_int_equal(files_put("abcdef", 6, "png", name), YL_OK);
	snprintf(path, sizeof path, "%s/%s", f->dir, name);
	assert_int_equal(truncate(path, 2), 0);
	assert_int_equal(files_put("abcdef", 6, "png", name), YL_OK);
	unsigned char *p;
	size_t n;
	assert_int_equal(files_read(f->a, name, &p, &n), YL_OK);
	assert_int_equal(n, 6);
	assert_memory_equal(p, "abcdef", 6);
}

static void
only_names_files_put_gives_are_read(void **state)
{
	struct fixture *f = *state;
	char name[FILES_NAME_MAX];
	assert_int_equal(files_put("abc", 3, "png", name), YL_OK);
	/* a file the store did not write, right next to the photos */
	char path[256];
	snprintf(path, sizeof path, "%s/secret.txt", f->dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("not a photo", fp);
	fclose(fp);

	static const char *const bad[] = {
	    "../x",
	    "secret.txt",
	    "abc.jpg",
	    "",
	    "/etc/passwd",
	    ABC_SHA256,                          /* no extension */
	    ABC_SHA256 ".",
	    ABC_SHA256 ".gif",
	    ABC_SHA256 ".pngx",
	    ABC_SHA256 ".PNG",
	    "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD.png", /* uppercase */
	    "a7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.png",   /* 63 digits */
	    "bba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.png", /* 65 */
	    "../photos/" ABC_SHA256 ".png",
	    "./" ABC_SHA256 ".png",
	    ABC_SHA256 ".png/",
	    ".tmp-0123456789abcdef",
	};
	unsigned char *p = (unsigned char *)"x";
	size_t n = 99;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(files_read(f->a, bad[i], &p, &n), ERR_NOTFOUND);
		assert_null(p);
		assert_int_equal(n, 0);
	}
	assert_int_equal(files_read(f->a, NULL, &p, &n), ERR_NOTFOUND);
	/* a well-formed name nobody stored */
	assert_int_equal(files_read(f->a, ABC_SHA256 ".jpg", &p, &n), ERR_NOTFOUND);
	assert_int_equal(files_read(f->a, ABC_SHA256 ".png", &p, &n), YL_OK);
}

static void
a_symlink_or_a_fifo_under_a_photo_name_is_not_read(void **state)
{
	struct fixture *f = *state;
	char path[256];
	unsigned char *p;
	size_t n;
	snprintf(path, sizeof path, "%s/%s.jpg", f->dir, ABC_SHA256);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	assert_int_equal(files_read(f->a, ABC_SHA256 ".jpg", &p, &n), ERR_NOTFOUND);
	snprintf(path, sizeof path, "%s/%s.png", f->dir, ABC_SHA256);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(files_read(f->a, ABC_SHA256 ".png", &p, &n), ERR_NOTFOUND);
}

static void
files_are_private_and_no_temp_file_is_left(void **state)
{
	struct fixture *f = *state;
	/* a permissive umask must not open the photos up */
	mode_t old = umask(0);
	char name[FILES_NAME_MAX];
	assert_int_equal(files_put("abc", 3, "jpg", name), YL_OK);
	assert_int_equal(files_put("abcd", 4, "png", name), YL_OK);
	umask(old);

	struct stat st;
	assert_int_equal(stat(f->dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	char parent[160];
	snprintf(parent, sizeof parent, "%s/var", f->top);
	assert_int_equal(stat(parent, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);

	char names[8][256];
	int count = listing(f->dir, names, 8);
	assert_int_equal(count, 2);
	for (int i = 0; i < count; i++) {
		assert_int_equal(strlen(names[i]), 68);
		assert_true(names[i][0] != '.');
		char path[512];
		snprintf(path, sizeof path, "%s/%s", f->dir, names[i]);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 07777, 0600);
	}
}

static void
an_unknown_extension_is_invalid_and_nothing_is_written(void **state)
{
	struct fixture *f = *state;
	char name[FILES_NAME_MAX] = "junk";
	assert_int_equal(files_put("abc", 3, "gif", name), ERR_INVALID);
	assert_string_equal(name, "");
	assert_int_equal(files_put("abc", 3, "../jpg", name), ERR_INVALID);
	assert_int_equal(files_put("abc", 3, NULL, name), ERR_INVALID);
	char names[8][256];
	assert_int_equal(listing(f->dir, names, 8), 0);
}

static void
a_directory_that_went_away_is_an_internal_error(void **state)
{
	struct fixture *f = *state;
	/* root can write anywhere, so make the failure by taking the directory away */
	assert_int_equal(rmdir(f->dir), 0);
	char name[FILES_NAME_MAX] = "junk";
	assert_int_equal(files_put("abc", 3, "jpg", name), ERR_INTERNAL);
	assert_string_equal(name, "");
	unsigned char *p;
	size_t n;
	assert_int_equal(files_read(f->a, ABC_SHA256 ".png", &p, &n), ERR_INTERNAL);
	/* files_init brings it back */
	assert_int_equal(files_init(f->dir), 0);
	assert_int_equal(files_put("abc", 3, "jpg", name), YL_OK);
}

static void
init_refuses_a_file_and_an_empty_path(void **state)
{
	struct fixture *f = *state;
	char path[256];
	snprintf(path, sizeof path, "%s/plain", f->top);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fclose(fp);
	errno = 0;
	assert_int_equal(files_init(path), -1);
	assert_int_equal(errno, ENOTDIR);
	snprintf(path, sizeof path, "%s/plain/below", f->top);
	assert_int_equal(files_init(path), -1);
	assert_int_equal(errno, ENOTDIR);
	assert_int_equal(files_init(""), -1);
	assert_int_equal(errno, EINVAL);
	/* the earlier directory stays in use */
	assert_string_equal(files_dir(), f->dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_stored_photo_is_named_by_its_sha256_and_reads_back_the_same, setup, teardown),
		cmocka_unit_test_setup_teardown(the_same_photo_twice_is_one_file, setup, teardown),
		cmocka_unit_test_setup_teardown(a_truncated_file_under_the_name_is_replaced, setup, teardown),
		cmocka_unit_test_setup_teardown(only_names_files_put_gives_are_read, setup, teardown),
		cmocka_unit_test_setup_teardown(a_symlink_or_a_fifo_under_a_photo_name_is_not_read, setup, teardown),
		cmocka_unit_test_setup_teardown(files_are_private_and_no_temp_file_is_left, setup, teardown),
		cmocka_unit_test_setup_teardown(an_unknown_extension_is_invalid_and_nothing_is_written, setup, teardown),
		cmocka_unit_test_setup_teardown(a_directory_that_went_away_is_an_internal_error, setup, teardown),
		cmocka_unit_test_setup_teardown(init_refuses_a_file_and_an_empty_path, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
