#ifndef AUDITLAKE_CSQLITE_SHIM_H
#define AUDITLAKE_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
