/* demo.h: the demo compound 中南家园 (DOMAIN §6), deterministic, for `yuanli demo` and make run. */
#ifndef YL_DEMO_H
#define YL_DEMO_H

#include "../core/result.h"

struct db;

/* Fills an empty database in one transaction. The demo logins (admin, staff, head, owner,
 * committee, volunteer, parks, district, org) get the password `password`. */
enum yl_err demo_create(struct db *db, const char *password);

#endif
