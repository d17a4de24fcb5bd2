// The lifecycle tests' runner. Unlike tests/embed, it holds no interpreter: each test starts and
// ends its own, some of them more than once, which is what these tests are about.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
