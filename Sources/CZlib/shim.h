// zlib (Debian zlib1g-dev) for ZipReport's raw inflate of .docx/.xlsx/.ofd entries.
#define ZLIB_CONST
#include <zlib.h>
