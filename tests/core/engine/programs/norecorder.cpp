// A program that links Coroscope but never creates a Recorder.
#include <cstdio>

int main()
{
    std::puts("hello without a recorder");
    return 0;
}
