// A user's program that records a few events, says how many on stderr
// ("K=12"), then misbehaves as its first argument asks: segv, abort, throw,
// exit3, cpu (a loop that never suspends), or ok.

#include <coroscope/coroscope.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <sys/mman.h>
#include <unistd.h>

namespace {
coroscope::Generator<int> counter(int n)
{
    for (int i = 0; i < n; ++i)
        co_yield i;
}
} // namespace

int main(int argc, char **argv)
{
    const char *how = argc > 1 ? argv[1] : "ok";
    coroscope::Recorder recorder;
    int sum = 0;
    {
        auto g = counter(4);
        while (auto v = g.next())
            sum += *v;
    }
    std::fprintf(stderr, "K=%zu pid=%d\n", recorder.trace().size(), int(::getpid()));
    std::fflush(stderr);
    std::printf("sum=%d\n", sum);
    std::fflush(stdout);
    if (!std::strcmp(how, "segv")) {
        // A store to a page with no access: a real SIGSEGV in every build (a null store would
        // be caught by UBSan first in the sanitized one, and reported as exit code 1).
        void *page = ::mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        *static_cast<volatile int *>(page) = 1;
    } else if (!std::strcmp(how, "abort")) {
        std::abort();
    } else if (!std::strcmp(how, "throw")) {
        throw std::runtime_error("out of main");
    } else if (!std::strcmp(how, "exit3")) {
        std::exit(3);
    } else if (!std::strcmp(how, "cpu")) {
        volatile unsigned long spin = 0;
        for (;;)
            spin = spin + 1;
    }
    return 0;
}
