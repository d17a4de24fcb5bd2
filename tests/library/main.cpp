// The library's tests' runner. It holds no interpreter: each test starts and stops its own, and
// CTest runs each test case in a process of its own (catch_discover_tests).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
