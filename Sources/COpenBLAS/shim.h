// OpenBLAS's CBLAS header (Debian: libopenblas-dev), which also declares
// openblas_set_num_threads and openblas_get_corename.
#include <cblas.h>
