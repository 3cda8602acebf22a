// libxcrypt: bcrypt ($2a$, $2b$, $2y$) for basic-auth password hashes.
#include <crypt.h>
