// The ThreadSanitizer stage's canary: a deliberate data race, two threads adding to one plain int.
// The stage must report it, or it would report nothing at all.
#include <cstdio>
#include <thread>

namespace {

long counter = 0;

void add_many() {
    for (int i = 0; i < 100000; ++i) {
        counter = counter + 1;
    }
}

} // namespace

int main() {
    std::thread first(add_many);
    std::thread second(add_many);
    first.join();
    second.join();
    std::printf("the race survived: %ld\n", counter);
    return 0;
}
