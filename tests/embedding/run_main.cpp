// pyhost::run starts and ends its own interpreter, and python's main ends the process on
// SystemExit, so this runner holds no interpreter and each run happens in a child process.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
