/* menu.h: GET /menu — every section the actor may open (全部栏目), the phone's way to what the
 * header keeps off its first screen. */
#ifndef YL_MENU_H
#define YL_MENU_H
struct req;
int menu_page(struct req *rq);
#endif
