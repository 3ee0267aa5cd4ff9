/* sheet.c: the export table and its CSV and XLSX writers (rules for cells in sheet.h). */
#include "sheet.h"
#include "../core/arena.h"
#include "../core/buf.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

/* Rows are kept in blocks of about this many cells, so a long export never copies what it
 * already holds and a wide one does not reserve much it will not use. */
#define BLOCK_CELLS 4096
#define TITLE_MAX 31          /* Excel's limit on a worksheet name, in characters */
#define XLSX_TEXT_MAX 32767   /* Excel's limit on a cell's text, in characters */
#define WIDTH_MIN 6
#define WIDTH_MAX 60
/* Excel keeps 15 significant digits; from here on a number goes to XLSX as text. */
#define EXACT_LIMIT INT64_C(1000000000000000)

enum kind { CELL_EMPTY = 0, CELL_TEXT, CELL_INT, CELL_FIXED2 }; /* zeroed memory is empty */

struct cell {
	enum kind kind;
	union {
		const char *s;
		int64_t i;
	} v;
};

struct block {
	struct block *next;
	size_t nrows;          /* rows begun here, the last maybe unfinished */
	struct cell cells[];   /* block_rows * ncols */
};

struct sheet {
	struct arena *a;
	const char *title;
	size_t ncols;
	size_t block_rows;
	const char **headers;
	struct block *head, *tail;
	size_t col;            /* cells given to the current row; 0 between rows */
};

/* The worksheet name for title, by the rules in sheet.h. */
static const char *
worksheet_name(struct arena *a, const char *title)
{
	const char *t = title ? title : "";
	size_t len = strlen(t);
	while (len > 0 && strchr(" \t\n\r", *t) != NULL) {
		t++;
		len--;
	}
	while (len > 0 && strchr(" \t\n\r", t[len - 1]) != NULL)
		len--;
	char *name = arena_alloc(a, len + 1);
	size_t o = 0;
	for (size_t i = 0, chars = 0; i < len && chars < TITLE_MAX; chars++) {
		unsigned char c = (unsigned char)t[i];
		if (c < 0x80) {
			name[o++] = (c < 0x20 || c == 0x7f || strchr("[]:*?/\\", c)) ? '_' : (char)c;
			i++;
			continue;
		}
		size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (k > len - i)
			break; /* a cut-off sequence: invalid input, keep what was whole */
		memcpy(name + o, t + i, k);
		o += k;
		i += k;
	}
	name[o] = '\0';
	if (o == 0)
		return "Sheet1";
	/* Excel refuses a name that starts or ends with an apostrophe, and keeps "History". */
	if (name[0] == '\'')
		name[0] = '_';
	if (name[o - 1] == '\'')
		name[o - 1] = '_';
	if (strcasecmp(name, "History") == 0)
		return arena_printf(a, "%s_", name);
	return name;
}

struct sheet *
sheet_new(struct arena *a, const char *title, size_t ncols, const char *const *headers)
{
	assert(ncols > 0);
	if (ncols == 0)
		ncols = 1;
	struct sheet *s = arena_zalloc(a, sizeof *s);
	s->a = a;
	s->title = worksheet_name(a, title);
	s->ncols = ncols;
	s->block_rows = ncols < BLOCK_CELLS ? BLOCK_CELLS / ncols : 1;
	s->headers = arena_alloc(a, ncols * sizeof *s->headers);
	for (size_t i = 0; i < ncols; i++)
		s->headers[i] = headers[i] ? arena_strdup(a, headers[i]) : "";
	return s;
}

/* The slot for the next cell, or NULL when the row is already full. */
static struct cell *
next_cell(struct sheet *s)
{
	if (s->col >= s->ncols) {
		assert(!"sheet: more cells in a row than columns");
		return NULL;
	}
	if (s->col == 0) {
		struct block *b = s->tail;
		if (b == NULL || b->nrows == s->block_rows) {
			b = arena_zalloc(s->a, sizeof *b + s->block_rows * s->ncols * sizeof(struct cell));
			if (s->tail)
				s->tail->next = b;
			else
				s->head = b;
			s->tail = b;
		}
		b->nrows++;
	}
	struct block *b = s->tail;
	return &b->cells[(b->nrows - 1) * s->ncols + s->col++];
}

void
sheet_text(struct sheet *s, const char *v)
{
	struct cell *c = next_cell(s);
	if (c != NULL && v != NULL && *v != '\0') {
		c->kind = CELL_TEXT;
		c->v.s = arena_strdup(s->a, v);
	}
}

void
sheet_int(struct sheet *s, int64_t v)
{
	struct cell *c = next_cell(s);
	if (c != NULL) {
		c->kind = CELL_INT;
		c->v.i = v;
	}
}

void
sheet_fixed2(struct sheet *s, int64_t hundredths)
{
	struct cell *c = next_cell(s);
	if (c != NULL) {
		c->kind = CELL_FIXED2;
		c->v.i = hundredths;
	}
}

void
sheet_row_end(struct sheet *s)
{
	/* A row with no cell is still a row. The cells not given need nothing: the block was
	 * zeroed, and zero is CELL_EMPTY. */
	if (s->col == 0)
		(void)next_cell(s);
	s->col = 0;
}

/* Does a spreadsheet risk reading this text as a formula? (The rule is in sheet.h.) */
static bool
formula_lead(const char *v)
{
	const unsigned char *p = (const unsigned char *)v;
	for (;;) {
		if (p[0] == ' ')
			p++;
		else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) /* U+3000 */
			p += 3;
		else
			break;
	}
	switch (p[0]) {
	case '=': case '+': case '-': case '@': case '\t': case '\r':
		return true;
	case 0xEF: /* U+FF0B ＋, U+FF0D －, U+FF1D ＝ are EF BC 8B/8D/9D; U+FF20 ＠ is EF BC A0 */
		return p[1] == 0xBC && (p[2] == 0x8B || p[2] == 0x8D || p[2] == 0x9D || p[2] == 0xA0);
	default:
		return false;
	}
}

static void
add_fixed2(struct buf *b, int64_t h)
{
	uint64_t u = h < 0 ? 0 - (uint64_t)h : (uint64_t)h;
	if (h < 0)
		buf_addc(b, '-');
	buf_add_i64(b, (int64_t)(u / 100)); /* < 2^63 / 100, so the cast is safe */
	buf_addc(b, '.');
	buf_addc(b, (char)('0' + u % 100 / 10));
	buf_addc(b, (char)('0' + u % 10));
}

static void
csv_text(struct buf *out, const char *v)
{
	bool quote = strpbrk(v, ",\"\r\n") != NULL;
	if (quote)
		buf_addc(out, '"');
	if (formula_lead(v))
		buf_addc(out, '\'');
	if (!quote) {
		buf_adds(out, v);
		return;
	}
	for (const char *q; (q = strchr(v, '"')) != NULL; v = q + 1) {
		buf_add(out, v, (size_t)(q - v + 1));
		buf_addc(out, '"');
	}
	buf_adds(out, v);
	buf_addc(out, '"');
}

void
sheet_csv(const struct sheet *s, struct buf *out)
{
	buf_add(out, "\xEF\xBB\xBF", 3);
	for (size_t i = 0; i < s->ncols; i++) {
		if (i > 0)
			buf_addc(out, ',');
		csv_text(out, s->headers[i]);
	}
	buf_add(out, "\r\n", 2);
	for (const struct block *b = s->head; b != NULL; b = b->next) {
		for (size_t r = 0; r < b->nrows; r++) {
			const struct cell *c = &b->cells[r * s->ncols];
			for (size_t i = 0; i < s->ncols; i++) {
				if (i > 0)
					buf_addc(out, ',');
				switch (c[i].kind) {
				case CELL_EMPTY: break;
				case CELL_TEXT: csv_text(out, c[i].v.s); break;
				case CELL_INT: buf_add_i64(out, c[i].v.i); break;
				case CELL_FIXED2: add_fixed2(out, c[i].v.i); break;
				}
			}
			buf_add(out, "\r\n", 2);
		}
	}
}

/* Characters that take two columns in a spreadsheet's default CJK font. */
static bool
wide(uint32_t cp)
{
	static const uint32_t ranges[][2] = {
		{0x1100, 0x115F},   /* Hangul Jamo */
		{0x2E80, 0x303E},   /* CJK radicals, ideographic punctuation */
		{0x3041, 0x33FF},   /* kana, bopomofo, CJK symbols */
		{0x3400, 0x4DBF},   /* CJK extension A */
		{0x4E00, 0x9FFF},   /* CJK unified ideographs */
		{0xA000, 0xA4CF},   /* Yi */
		{0xAC00, 0xD7A3},   /* Hangul syllables */
		{0xF900, 0xFAFF},   /* CJK compatibility ideographs */
		{0xFE30, 0xFE4F},   /* CJK compatibility forms */
		{0xFF00, 0xFF60},   /* full-width forms */
		{0xFFE0, 0xFFE6},
		{0x1F300, 0x1F64F}, /* emoji */
		{0x1F900, 0x1F9FF},
		{0x20000, 0x3FFFD}, /* CJK extensions B onwards */
	};
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
		if (cp >= ranges[i][0] && cp <= ranges[i][1])
			return true;
	return false;
}

/* Display width of valid UTF-8, counted only as far as WIDTH_MAX. */
static size_t
text_width(const char *v)
{
	const unsigned char *p = (const unsigned char *)v;
	size_t w = 0;
	while (*p && w < WIDTH_MAX) {
		uint32_t cp;
		size_t k;
		if (*p < 0x80) {
			cp = *p;
			k = 1;
		} else if (*p < 0xE0) {
			cp = *p & 0x1F;
			k = 2;
		} else if (*p < 0xF0) {
			cp = *p & 0x0F;
			k = 3;
		} else {
			cp = *p & 0x07;
			k = 4;
		}
		size_t j = 1;
		for (; j < k && (p[j] & 0xC0) == 0x80; j++)
			cp = cp << 6 | (p[j] & 0x3F);
		p += j;
		w += wide(cp) ? 2 : 1;
	}
	return w;
}

static size_t
digits(int64_t v)
{
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	size_t d = v < 0 ? 2 : 1;
	while ((u /= 10) != 0)
		d++;
	return d;
}

static size_t
cell_width(const struct cell *c)
{
	switch (c->kind) {
	case CELL_TEXT: return text_width(c->v.s) + (formula_lead(c->v.s) ? 1 : 0);
	case CELL_INT: return digits(c->v.i);
	case CELL_FIXED2: return digits(c->v.i / 100) + 3 + (c->v.i < 0 && c->v.i > -100);
	case CELL_EMPTY: break;
	}
	return 0;
}

/* Excel reads "_xHHHH_" in a string as the character U+HHHH (how XLSX carries control
 * characters), so "_x003D_1+1" would come back from a save-as-CSV as a bare "=1+1". */
static bool
escape_at(const char *p)
{
	return p[0] == '_' && (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2]) &&
	       isxdigit((unsigned char)p[3]) && isxdigit((unsigned char)p[4]) &&
	       isxdigit((unsigned char)p[5]) && p[6] == '_';
}

/* v as Excel should hold it: neutralised, each literal "_xHHHH_" escaped as "_x005F_xHHHH_"
 * (which Excel shows as the text typed), and cut to Excel's length. Either v itself or a copy
 * in scratch. */
static const char *
xlsx_text(struct buf *scratch, const char *v)
{
	bool lead = formula_lead(v);
	bool esc = false;
	for (const char *q = strchr(v, '_'); q != NULL && !esc; q = strchr(q + 1, '_'))
		esc = escape_at(q);
	if (!lead && !esc && strlen(v) <= XLSX_TEXT_MAX)
		return v; /* at most one character per byte, so it fits */

	buf_reset(scratch);
	if (lead)
		buf_addc(scratch, '\'');
	const char *run = v;
	for (const char *q = strchr(v, '_'); q != NULL; q = strchr(q + 1, '_')) {
		if (escape_at(q)) {
			buf_add(scratch, run, (size_t)(q - run));
			buf_add(scratch, "_x005F", 6); /* the '_' at q follows, and ends the escape */
			run = q;
		}
	}
	buf_adds(scratch, run);
	if (scratch->len > XLSX_TEXT_MAX) {
		/* Cutting the end cannot make a new "_xHHHH_": that needs its closing '_'. */
		size_t cut = 0;
		for (size_t chars = 0; cut < scratch->len && chars < XLSX_TEXT_MAX; chars++)
			for (cut++; cut < scratch->len && ((unsigned char)scratch->p[cut] & 0xC0) == 0x80; cut++)
				;
		scratch->len = cut;
		scratch->p[cut] = '\0';
	}
	return scratch->p;
}

static bool
write_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t col, const struct cell *c,
           lxw_format *fixed, struct buf *scratch)
{
	int64_t v = c->v.i;
	bool exact = v > -EXACT_LIMIT && v < EXACT_LIMIT;
	switch (c->kind) {
	case CELL_EMPTY:
		return true;
	case CELL_TEXT:
		return worksheet_write_string(ws, r, col, xlsx_text(scratch, c->v.s), NULL) == LXW_NO_ERROR;
	case CELL_INT:
		if (exact)
			return worksheet_write_number(ws, r, col, (double)v, NULL) == LXW_NO_ERROR;
		buf_reset(scratch);
		buf_add_i64(scratch, v);
		return worksheet_write_string(ws, r, col, scratch->p, NULL) == LXW_NO_ERROR;
	case CELL_FIXED2:
		/* Dividing an exact integer by 100.0 rounds once: the double nearest the decimal. */
		if (exact)
			return worksheet_write_number(ws, r, col, (double)v / 100.0, fixed) == LXW_NO_ERROR;
		buf_reset(scratch);
		add_fixed2(scratch, v);
		return worksheet_write_string(ws, r, col, scratch->p, NULL) == LXW_NO_ERROR;
	}
	return false;
}

/* Writes the workbook to path; false on any refusal by libxlsxwriter. */
static bool
build(const struct sheet *s, struct arena *a, const char *path, char *tmpdir)
{
	/* Constant memory: each row goes to a temporary file as the next begins, strings inline
	 * instead of shared. The table is already in the arena and is written in row order, so
	 * nothing is lost; a 10,000-row export took half the time and made a smaller file. */
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = tmpdir, .use_zip64 = LXW_FALSE};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (wb == NULL)
		return false;
	lxw_worksheet *ws = workbook_add_worksheet(wb, s->title);
	lxw_format *bold = workbook_add_format(wb);
	lxw_format *fixed = workbook_add_format(wb);
	bool ok = ws != NULL && bold != NULL && fixed != NULL && s->ncols <= LXW_COL_MAX;
	if (ok) {
		format_set_bold(bold);
		format_set_num_format(fixed, "0.00");
	}

	struct buf scratch;
	buf_init(&scratch, a, 64);
	size_t *width = arena_alloc(a, s->ncols * sizeof *width);
	for (lxw_col_t i = 0; ok && i < s->ncols; i++) {
		const char *h = s->headers[i];
		width[i] = text_width(h) + 1; /* bold is a little wider */
		if (*h != '\0')
			ok = worksheet_write_string(ws, 0, i, xlsx_text(&scratch, h), bold) == LXW_NO_ERROR;
	}
	lxw_row_t r = 1;
	for (const struct block *b = s->head; ok && b != NULL; b = b->next) {
		for (size_t k = 0; ok && k < b->nrows; k++, r++) {
			const struct cell *c = &b->cells[k * s->ncols];
			for (lxw_col_t i = 0; ok && i < s->ncols; i++) {
				ok = write_cell(ws, r, i, &c[i], fixed, &scratch);
				size_t w = cell_width(&c[i]);
				if (w > width[i])
					width[i] = w;
			}
		}
	}
	for (lxw_col_t i = 0; ok && i < s->ncols; i++) {
		size_t w = width[i] + 2;
		w = w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
		ok = worksheet_set_column(ws, i, i, (double)w, NULL) == LXW_NO_ERROR;
	}
	if (ok)
		worksheet_freeze_panes(ws, 1, 0);
	/* Closing also frees the workbook, so it happens on failure too. */
	return workbook_close(wb) == LXW_NO_ERROR && ok;
}

/* The whole file behind fd, in the arena. */
static int
slurp(int fd, struct arena *a, unsigned char **p, size_t *n)
{
	struct stat st;
	if (fstat(fd, &st) < 0 || st.st_size <= 0)
		return -1;
	size_t size = (size_t)st.st_size;
	unsigned char *data = arena_alloc(a, size);
	for (size_t got = 0; got < size;) {
		ssize_t k = pread(fd, data + got, size - got, (off_t)got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	*p = data;
	*n = size;
	return 0;
}

int
sheet_xlsx(const struct sheet *s, struct arena *a, unsigned char **p, size_t *n)
{
	*p = NULL;
	*n = 0;
	const char *dir = getenv("TMPDIR");
	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	char *path = arena_printf(a, "%s/yuanli-sheet-XXXXXX", dir);
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	/* libxlsxwriter reopens the file by name, truncating this same inode; once it is done
	 * the name goes and the bytes are read back through fd. */
	bool built = build(s, a, path, arena_strdup(a, dir));
	unlink(path);
	int rc = built ? slurp(fd, a, p, n) : -1;
	close(fd);
	return rc;
}
