/* problems.h: the problem list's pages and API (problems.c: list, one problem, steps, "me too",
 * photos; problem_report.c: reporting; problem_lists.c: heads' lists, triage, categories,
 * exports). */
#ifndef YL_PROBLEMS_PAGES_H
#define YL_PROBLEMS_PAGES_H

#include <stddef.h>

struct req;
struct target;
struct problem_filter;
struct category;

/* The list's filter from the query string (state, category code, building, department,
 * overdue, q, mine, offset, limit), narrowed to a department's own referrals for department
 * accounts; *cats receives the community's categories. 0, or -1 with the field's error set. */
int problem_filter_from_query(struct req *rq, struct problem_filter *f, struct category **cats, size_t *ncats);

int problems_page(struct req *rq);
int problem_page(struct req *rq);
int problem_step_form(struct req *rq);
int problem_support_form(struct req *rq);
int problem_photo(struct req *rq);
int problem_photo_scope(struct req *rq, struct target *t);
int problems_api(struct req *rq);
int problem_api(struct req *rq);
int problem_step_api(struct req *rq);

int problem_new_page(struct req *rq);
int problem_report_form(struct req *rq);
int problem_report_api(struct req *rq);

int problem_lists_page(struct req *rq);
int problem_list_create_form(struct req *rq);
int problem_list_page(struct req *rq);
int problem_bulk_form(struct req *rq);
int problem_categories_page(struct req *rq);
int problem_category_form(struct req *rq);
int problem_export_csv(struct req *rq);
int problem_export_xlsx(struct req *rq);

#endif
