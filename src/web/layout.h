/* layout.h: the page frame (head, header with the compound's name, navigation by role, the
 * 长辈模式 and language switches, footer) and the small form-building helpers every page uses. */
#ifndef YL_LAYOUT_H
#define YL_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "html.h"
#include "i18n.h"
#include "../core/perm.h"

struct req;

struct nav_item {
	enum msg label;
	const char *href;
	enum perm perm;         /* shown only to those the table allows (in their community) */
	bool anonymous_only;    /* e.g. "log in" */
	bool per_community;     /* a page about one community: keeps a ?community= choice */
	bool primary;           /* kept in the header on a phone; the others are one tap away on /menu */
};

/* Installs the navigation (static storage, from routes.c). */
void layout_set_nav(const struct nav_item *items, size_t n);

/* The sections this actor may open, every one, as a list of large links (the /menu page). */
void page_site_map(struct req *rq, struct html *h);

/* Starts a page in rq->out; title is plain text (escaped here). */
void page_begin(struct req *rq, struct html *h, const char *title);
/* Closes the page and makes it the response (status rq->status, 200 when unset). Returns 0. */
int page_end(struct req *rq, struct html *h);

/* A table's column heading, <th scope="col"> (class num: a figure, right-aligned). */
void page_th(struct html *h, const char *label, bool num);
/* A cell with its column's label in data-label (on a phone a table shows as cards, each value
 * after its label): page_td_open then the content then "</td>", or page_td for plain text. */
void page_td_open(struct html *h, const char *label, bool num);
void page_td(struct html *h, const char *label, const char *text, bool num);

/* One fact of a <dl class="facts">: its label and its value, both text. */
void page_fact(struct html *h, const char *label, const char *value);

/* A message box: role=status for confirmations, role=alert for errors (words, not only colour). */
void page_notice(struct html *h, const char *text, bool is_error);

/* <form method="post" action=...> with the CSRF field; form_end closes it. */
void form_begin(struct req *rq, struct html *h, const char *action);
/* The same for a form that sends files (multipart/form-data). */
void form_begin_multipart(struct req *rq, struct html *h, const char *action);
void form_end(struct html *h);
/* A labelled input. type: "text", "password", "number"…; value and error may be NULL. */
void form_input(struct html *h, const char *name, const char *label, const char *type,
                const char *value, bool required, const char *autocomplete);
void form_submit(struct html *h, const char *label);
/* form_input with the field's own error shown under it (and aria-invalid), when error is not
 * NULL: a form sent back names what is wrong where it is wrong. */
void form_input_error(struct html *h, const char *name, const char *label, const char *type,
                      const char *value, bool required, const char *autocomplete, const char *error);

/* A 朗读 button (DOMAIN §7) that reads the element with id target_id aloud: rendered hidden,
 * shown by app.js only where the browser has speech synthesis. */
void page_read_aloud(struct req *rq, struct html *h, const char *target_id);

/* A labelled <textarea> of rows lines taking at most max_chars characters (the field's own limit,
 * so the browser stops where the server would refuse); value may be NULL. */
void form_textarea(struct html *h, const char *name, const char *label, const char *value, int rows, int max_chars,
                   bool required);

/* A labelled checkbox sending value "1" when ticked. */
void form_checkbox(struct html *h, const char *name, const char *label, bool checked);

/* A labelled <select>: form_select_open, then form_option (or form_option_id, whose value is
 * an id: the buildings list writes 49 a page) for each choice, then html_lit "</select></p>". */
void form_select_open(struct html *h, const char *name, const char *label);
void form_option(struct html *h, const char *value, const char *label, bool selected);
void form_option_id(struct html *h, int64_t id, const char *label, bool selected);

/* When the request chose its community with ?community=N (see dispatch.c), a page passes the
 * choice on: a hidden field in its GET forms, "&community=N" on links it builds that carry a
 * query already. Both are empty otherwise, so a single community's URLs stay as they were. */
void form_keep_community(struct req *rq, struct html *h);
const char *community_arg(struct req *rq);

#endif
