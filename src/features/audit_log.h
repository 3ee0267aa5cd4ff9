/* audit_log.h: the audit trail's pages — staff browsing, and the public chain heads. */
#ifndef YL_AUDIT_LOG_H
#define YL_AUDIT_LOG_H
struct req;
int audit_page(struct req *rq);
int audit_chain_page(struct req *rq);
int audit_heads_api(struct req *rq);
#endif
