/* demo_notices.c: the demo compound's notice board (issue 11) — see demo.h. */
#include "demo.h"
