// A user's own program, as the README's "Your own programs" builds it: an
// averager fed by send(), the number of values from its first argument.
#include <coroscope/coroscope.h>

#include <cstdio>
#include <cstdlib>

using namespace coroscope;

Generator<int, int, double> averager()
{
    int sum = 0, n = 0;
    while (std::optional<int> v = co_yield sum) { // the breakpoint line
        sum += *v;
        ++n;
    }
    co_return n ? double(sum) / n : 0.0;
}

int main(int argc, char **argv)
{
    const int count = argc > 1 ? std::atoi(argv[1]) : 3;
    Recorder recorder;
    auto avg = averager();
    avg.next();
    for (int i = 1; i <= count; ++i) {
        // An event of main's while the averager is parked: the moment the Send box can use.
        print(QStringLiteral("sending %1").arg(i * 10));
        avg.send(i * 10);
    }
    avg.close();
    std::printf("sent %d values\n", count);
    return 0;
}
