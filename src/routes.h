/* routes.h: installs the route table and navigation (routes.c) into the web layer. */
#ifndef YL_ROUTES_H
#define YL_ROUTES_H
void routes_install(void);
#endif
