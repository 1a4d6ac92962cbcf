#ifndef AUDITLAKE_CZLIB_SHIM_H
#define AUDITLAKE_CZLIB_SHIM_H
#include <zlib.h>
#endif
