// Runs the CPU check's refusal against a CPU without any feature: tst_cpu_guard expects exit
// status 1 and the message on stderr, never the line below.
#include "platform/cpu_guard.h"

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv)
{
    const int level = argc > 1 ? std::atoi(argv[1]) : 3;
    mtw::platform::enforceCpuLevel(level, [](const char*) { return 0; });
    std::puts("not refused");
    return 0;
}
