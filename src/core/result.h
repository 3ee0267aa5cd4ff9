/* result.h: the one project-wide result code; only web/ turns it into an HTTP status. */
#ifndef YL_RESULT_H
#define YL_RESULT_H

enum yl_err {
	YL_OK = 0,
	ERR_INVALID,   /* well-formed but unacceptable content: 422 */
	ERR_MALFORMED, /* cannot be parsed at all (bad UTF-8, broken form): 400 */
	ERR_UNAUTH,    /* who are you: 401 */
	ERR_FORBIDDEN, /* known, but not allowed: 403 */
	ERR_NOTFOUND,  /* 404 */
	ERR_CONFLICT,  /* state forbids it (exists already, closed): 409 */
	ERR_TOOLARGE,  /* 413 */
	ERR_THROTTLED, /* 429 */
	ERR_INTERNAL,  /* database or system failure: 500 */
	ERR__COUNT
};

#endif
