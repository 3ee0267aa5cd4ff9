/* sheet.h: a table a handler fills row by row, then sends as CSV or XLSX (staff exports).
 *
 * Formula injection. Exported cells hold what residents typed, and staff open the files in
 * Excel or WPS, which run a cell that looks like a formula ("=HYPERLINK(…)", "=cmd|…",
 * "@SUM(…)"). A text cell is neutralised by a leading apostrophe ' when its first character,
 * after any leading spaces (U+0020 or the ideographic space U+3000), is one of
 *     =  +  -  @  TAB  CR          (OWASP's list and ASVS 1.2.10; NUL cannot occur in a C string)
 *     ＝ ＋ － ＠                   (their full-width forms, which a Chinese IME types)
 * Leading spaces are looked past because some importers trim them before deciding what a cell
 * is; the full-width forms are included as a precaution, without a known spreadsheet that
 * evaluates them. The apostrophe goes in front of the whole text, spaces included. The price is
 * a visible apostrophe on an honest "-5" or "+86 138…" typed as text; a number that should stay
 * a number goes through sheet_int or sheet_fixed2, which are never prefixed. Headers are text
 * cells and are neutralised the same way.
 *
 * XLSX writes every text cell as a string, never a formula, so even an unneutralised "=…" would
 * stay inert there; it carries the same apostrophe anyway, because staff re-save exports as CSV
 * for other systems, and Excel writes a string cell's value out bare. (The cell style's
 * quotePrefix would hide the apostrophe in Excel, but is lost on exactly that save.) For the
 * same reason a literal "_xHHHH_" in text is escaped: Excel would read "_x003D_1+1" as "=1+1".
 *
 * Numbers. XLSX stores numbers as doubles and Excel keeps 15 significant digits, so a value
 * whose magnitude reaches 10^15 (sheet_int) or 10^15 hundredths (sheet_fixed2) is written to
 * XLSX as text to stay exact; below that the double libxlsxwriter writes reads back as the
 * double nearest the decimal. CSV always has the exact digits.
 *
 * Text must be valid UTF-8 (everything from the store and the request is). The sheet copies
 * every string it is given, so a caller may pass memory that dies before rendering (a
 * statement's column). Not thread-safe; one sheet belongs to one request or job. */
#ifndef YL_SHEET_H
#define YL_SHEET_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;
struct sheet;

/* A table with ncols (≥ 1) columns whose headers are headers[0..ncols) (a NULL header is
 * empty). title names the XLSX worksheet: trimmed of surrounding whitespace, each of
 * [ ] : * ? / \ and control characters replaced by '_', cut to 31 characters, a leading or
 * trailing apostrophe replaced by '_', "Sheet1" when nothing is left, "History_" for Excel's
 * reserved "History". Everything lives in the arena; there is nothing to free. */
struct sheet *sheet_new(struct arena *a, const char *title, size_t ncols, const char *const *headers);

/* The next cell of the current row. A row takes at most ncols cells: more is a caller's bug
 * (an assertion in debug builds; dropped otherwise). */
void sheet_text(struct sheet *s, const char *v);        /* UTF-8 text; NULL or "" is empty */
void sheet_int(struct sheet *s, int64_t v);             /* an integer number */
/* An exact 2-decimal number from hundredths (money in fen, area in hundredths of m²):
 * CSV "1234.56", "-0.05"; XLSX a number cell shown with the format "0.00". */
void sheet_fixed2(struct sheet *s, int64_t hundredths);
/* Ends the current row; missing cells are empty. A last row left unended is rendered as if
 * ended. */
void sheet_row_end(struct sheet *s);

/* Appends the table to out as CSV: a UTF-8 BOM (so Excel on a Chinese Windows PC does not read
 * it as GBK), the header row, then every row, each ended by CRLF. RFC 4180 quoting: a cell
 * holding , " CR or LF is quoted, its quotes doubled. Text cells neutralised as above. */
void sheet_csv(const struct sheet *s, struct buf *out);

/* Renders the table as an XLSX workbook of one worksheet (named by the title) through
 * libxlsxwriter: bold header row, frozen; columns roughly fitted to their widest cell (a CJK
 * character counts two), between 6 and 60 characters; text as inline strings in the worksheet
 * (libxlsxwriter's constant-memory mode, so no shared-string table; neutralised as above, cut
 * to Excel's 32,767 characters, control characters other than TAB, LF and CR written as
 * "_xHHHH_"), numbers as numbers, fixed2 cells formatted "0.00".
 * The workbook is built in a file made with mkstemp in $TMPDIR (or /tmp), as are
 * libxlsxwriter's own temporary files, which it unlinks at once; the file is unlinked before
 * sheet_xlsx returns, on every path. On success *p (in the arena) and *n hold the bytes and 0
 * is returned. -1 when the file cannot be made or read, or libxlsxwriter refuses (more than
 * 1,048,575 rows under the header or 16,384 columns, out of memory); *p is then NULL, *n 0,
 * and libxlsxwriter may have written a line to stderr. Needs the C locale for LC_NUMERIC
 * (libxlsxwriter prints numbers with printf), which the server never changes. */
int sheet_xlsx(const struct sheet *s, struct arena *a, unsigned char **p, size_t *n);

#endif
