/* run_bills.h: how store/ reads the bills of billing runs — of a period, of a month, of one
 * run (fees.c, ledger.c, disclosures.c). A run's bills are one stretch of ids, first_bill ..
 * last_bill on the run (schema/018_run_bills.sql), so they are read by primary key from the runs
 * (billing_runs_by_period) instead of through an index on bills by period, which each bill of a
 * run would have to write. Only store/ includes this. */
#ifndef YL_RUN_BILLS_H
#define YL_RUN_BILLS_H

/* Joins runs r to their bills b, in a WHERE after "billing_runs r CROSS JOIN bills b", as
 * db_sql(db, SQL(RUN_BILLS_LITE), SQL(RUN_BILLS_PG)). The two differ in one character: SQLite
 * (no statistics) would take b.community_id = … to bills_by_unit and walk every bill the
 * community ever had for each run; the unary plus keeps it to the run's stretch of rowids.
 * PostgreSQL needs the plain column, the first of its primary key (community_id, id). b.run_id
 * = r.id keeps a figure exact even if a foreign bill were inside a stretch. */
#define RUN_BILLS_LITE "+" RUN_BILLS_PG
#define RUN_BILLS_PG "b.community_id = r.community_id AND b.id BETWEEN r.first_bill AND r.last_bill AND b.run_id = r.id"

#endif
