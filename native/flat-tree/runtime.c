/* The tree-sitter runtime, compiled from the tree-sitter package's vendored sources (binding.gyp
 * puts their directory on the include path): the same version its bindings run. */
#include "lib.c"
