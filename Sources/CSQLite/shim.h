#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro and does not import into Swift: define it once here.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }
