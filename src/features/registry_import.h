/* registry_import.h: importing the household list (CSV, UTF-8 or GBK) — page with preview, and API. */
#ifndef YL_REGISTRY_IMPORT_H
#define YL_REGISTRY_IMPORT_H
struct req;
int import_page(struct req *rq);
int import_upload_form(struct req *rq);  /* SLOW: checks the file, shows the preview */
int import_commit_form(struct req *rq);  /* SLOW */
int import_api(struct req *rq);          /* SLOW: POST /api/v1/communities/{cid}/units/import */
/* The reason for an import problem in the person's language (also used by the unit form). */
#include "../core/registry.h"
const char *import_problem_text(struct req *rq, enum import_problem p);
#endif
