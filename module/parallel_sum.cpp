#include "module/parallel_sum.hpp"

#include "module/gil.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <sched.h>
#include <stop_token>
#include <system_error>
#include <thread>
#include <vector>

namespace pyhost {

namespace {

// More threads than this add memory traffic rather than speed.
constexpr unsigned max_threads = 8;
// The caller checks for Ctrl-C this often when it gives the GIL up: a unit takes from tens of
// microseconds to a millisecond, so the clock decides rather than a count of units.
constexpr auto released_time = std::chrono::milliseconds{2};

// The cores this process may run on, which its CPU affinity may limit.
unsigned available_cores() {
    cpu_set_t cores;
    if (sched_getaffinity(0, sizeof cores, &cores) == 0) {
        return static_cast<unsigned>(CPU_COUNT(&cores));
    }
    return std::max(1U, std::thread::hardware_concurrency());
}

} // namespace

unsigned helper_threads(std::size_t units) {
    if (units < 2) {
        return 0;
    }
    const auto threads = std::min<std::size_t>(available_cores(), max_threads);
    return static_cast<unsigned>(std::min(threads, units) - 1);
}

void share_out(std::size_t units, unsigned helpers, while_sharing gil,
               const std::function<void(std::size_t unit, unsigned worker)> &sum_unit) {
    std::atomic<std::size_t> next_unit{0};
    auto take_unit = [&](unsigned worker) {
        const std::size_t unit = next_unit.fetch_add(1, std::memory_order_relaxed);
        if (unit >= units) {
            return false;
        }
        sum_unit(unit, worker);
        return true;
    };
    // Declared after what they use, the threads are joined before it goes, even when Ctrl-C's
    // exception leaves this function.
    std::vector<std::jthread> threads;
    for (unsigned worker = 1; worker <= helpers; ++worker) {
        try {
            threads.emplace_back([&take_unit, worker](const std::stop_token &stop) {
                while (!stop.stop_requested() && take_unit(worker)) {
                }
            });
        } catch (const std::system_error &) {
            break; // The system has no thread to spare, so the others take its share.
        }
    }
    if (gil == while_sharing::keep_gil) {
        while (take_unit(0)) {
        }
        return; // The threads are joined here with the GIL held, as none of them needs it.
    }
    for (bool more = true; more;) {
        {
            const gil_released released;
            const auto until = std::chrono::steady_clock::now() + released_time;
            do {
                more = take_unit(0);
            } while (more && std::chrono::steady_clock::now() < until);
        }
        check_signals();
    }
    const gil_released released; // Other Python threads may run while the last units finish.
    threads.clear();
}

} // namespace pyhost
