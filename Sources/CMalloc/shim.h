// glibc's allocator tuning (mallopt and its M_* options), which the Glibc module does not export.
#if __has_include(<malloc.h>)
#include <malloc.h>
#endif
