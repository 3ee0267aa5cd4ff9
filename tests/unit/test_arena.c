/* test_arena.c: the request arena hands out aligned, separate, writable memory and frees it at once. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdalign.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/arena.h"

static int
arena_setup(void **state)
{
	*state = arena_new();
	return *state ? 0 : -1;
}

static int
arena_teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static void
every_block_is_aligned_for_any_type(void **state)
{
	struct arena *a = *state;
	/* odd sizes in between, so a bump allocator that forgot to round up would show */
	static const size_t sizes[] = {1, 3, 7, 8, 13, 16, 17, 31, 100, 1000, 5000, 1, 2};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		void *p = arena_alloc(a, sizes[i]);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
	}
}

static void
blocks_do_not_overlap(void **state)
{
	struct arena *a = *state;
	enum { N = 500 };
	unsigned char *p[N];
	for (size_t i = 0; i < N; i++) {
		size_t n = 1 + i % 97;
		p[i] = arena_alloc(a, n);
		memset(p[i], (int)(i & 0xff), n);
	}
	for (size_t i = 0; i < N; i++)
		for (size_t k = 0; k < 1 + i % 97; k++)
			assert_int_equal(p[i][k], i & 0xff);
}

static void
a_zero_byte_request_still_gets_its_own_pointer(void **state)
{
	struct arena *a = *state;
	void *x = arena_alloc(a, 0);
	void *y = arena_alloc(a, 0);
	assert_non_null(x);
	assert_non_null(y);
	assert_ptr_not_equal(x, y);
}

static void
a_block_larger_than_a_chunk_is_whole_and_writable(void **state)
{
	struct arena *a = *state;
	size_t n = 3u << 20; /* 3 MiB: a CSV import or an export buffer */
	unsigned char *p = arena_alloc(a, n);
	assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
	memset(p, 0xAB, n); /* ASan would stop here if the block were short */
	assert_int_equal(p[0], 0xAB);
	assert_int_equal(p[n - 1], 0xAB);
	assert_true(arena_size(a) >= n);
}

static void
a_big_block_leaves_the_current_chunk_usable_for_small_ones(void **state)
{
	struct arena *a = *state;
	(void)arena_alloc(a, 32);
	size_t before = arena_size(a);
	(void)arena_alloc(a, 1u << 20);
	size_t after_big = arena_size(a);
	assert_true(after_big - before >= (1u << 20));
	/* the next small blocks fit in the chunk that was already there: no new chunk bought */
	for (int i = 0; i < 10; i++)
		(void)arena_alloc(a, 64);
	assert_int_equal(arena_size(a), after_big);
}

static void
a_new_arena_owns_no_memory_and_null_frees_quietly(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_non_null(a);
	assert_int_equal(arena_size(a), 0);
	arena_free(a);
	arena_free(NULL); /* like free(NULL): cleanup paths need not check */
}

static void
zalloc_gives_zeroed_memory_even_after_reuse(void **state)
{
	struct arena *a = *state;
	for (int i = 0; i < 50; i++)
		memset(arena_alloc(a, 200), 0xFF, 200);
	unsigned char *z = arena_zalloc(a, 4000);
	for (size_t i = 0; i < 4000; i++)
		assert_int_equal(z[i], 0);
}

static void
strndup_copies_exactly_n_bytes_and_terminates(void **state)
{
	struct arena *a = *state;
	char *s = arena_strndup(a, "院里人的事", 6); /* the first two characters only */
	assert_string_equal(s, "院里");
	char *e = arena_strndup(a, "anything", 0);
	assert_string_equal(e, "");
	char *d = arena_strdup(a, "owner");
	assert_string_equal(d, "owner");
}

static void
printf_formats_like_snprintf(void **state)
{
	struct arena *a = *state;
	assert_string_equal(arena_printf(a, "%s has %d units, %.2f%%", "Building 3", 48, 12.5),
	                    "Building 3 has 48 units, 12.50%");
	assert_string_equal(arena_printf(a, "%s", ""), "");
}

static void
printf_output_longer_than_a_chunk_is_complete(void **state)
{
	struct arena *a = *state;
	char *s = arena_printf(a, "[%40000d]", 7);
	assert_int_equal(strlen(s), 40002);
	assert_int_equal(s[0], '[');
	assert_int_equal(s[40000], '7');
	assert_int_equal(s[40001], ']');
}

static void
an_impossible_size_stops_the_process_instead_of_wrapping(void **state)
{
	(void)state;
	/* Rounding SIZE_MAX - 7 up to the alignment wraps to 0 in size_t arithmetic; the arena must
	 * treat it as out-of-memory (abort), never hand out a tiny block the caller thinks is huge. */
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct arena *a = arena_new();
		void *p = arena_alloc(a, SIZE_MAX - 7);
		_exit(p != NULL ? 0 : 3); /* only reached if the allocator returned */
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_false(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void
an_appended_array_grows_keeping_every_element(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct pair {
		int64_t k, v;
	} *arr = NULL;
	size_t n = 0, cap = 0;
	for (int64_t i = 0; i < 1000; i++) {
		struct pair *p = arena_append(a, &arr, &n, &cap, sizeof *arr);
		assert_int_equal(p->k, 0); /* zeroed */
		p->k = i;
		p->v = i * i;
	}
	assert_int_equal(n, 1000);
	assert_true(cap >= 1000 && cap < 2048);
	for (int64_t i = 0; i < 1000; i++) {
		assert_int_equal(arr[i].k, i);
		assert_int_equal(arr[i].v, i * i);
	}
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_block_is_aligned_for_any_type, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(blocks_do_not_overlap, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(a_zero_byte_request_still_gets_its_own_pointer, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(a_block_larger_than_a_chunk_is_whole_and_writable, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(a_big_block_leaves_the_current_chunk_usable_for_small_ones,
		                                arena_setup, arena_teardown),
		cmocka_unit_test(a_new_arena_owns_no_memory_and_null_frees_quietly),
		cmocka_unit_test_setup_teardown(zalloc_gives_zeroed_memory_even_after_reuse, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(strndup_copies_exactly_n_bytes_and_terminates, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(printf_formats_like_snprintf, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(printf_output_longer_than_a_chunk_is_complete, arena_setup,
		                                arena_teardown),
		cmocka_unit_test(an_impossible_size_stops_the_process_instead_of_wrapping),
		cmocka_unit_test(an_appended_array_grows_keeping_every_element),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
