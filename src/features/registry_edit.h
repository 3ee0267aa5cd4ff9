/* registry_edit.h: creating and editing one unit by hand (the staff's form). */
#ifndef YL_REGISTRY_EDIT_H
#define YL_REGISTRY_EDIT_H
struct req;
int unit_new_page(struct req *rq);
int unit_create_form(struct req *rq);
int unit_edit_page(struct req *rq);
int unit_update_form(struct req *rq);
#endif
