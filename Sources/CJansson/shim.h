#ifndef ACCORD_CJANSSON_SHIM_H
#define ACCORD_CJANSSON_SHIM_H
#include <jansson.h>
#endif
